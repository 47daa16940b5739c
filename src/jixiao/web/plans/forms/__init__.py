"""Forms of the targets' pages. They only validate input and turn it into the values the
services take; every editing form carries the plan ``version`` the user saw."""
