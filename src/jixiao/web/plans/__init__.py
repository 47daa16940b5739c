"""Plans (绩效目标): per unit and year, the department targets and the projects with their
indicator tables. Every write goes through ``services``; ``convert`` maps to and from
``jixiao.core.model.Plan`` so the core's readers, checks and writers work unchanged."""
