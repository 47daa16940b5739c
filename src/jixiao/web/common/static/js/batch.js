// Batch review (finance overview, to-do list, confirmation page): a header checkbox that
// selects every row, and batch buttons enabled only while at least one row is selected.
(function () {
  "use strict";
  document.querySelectorAll("form.batch-form").forEach(function (form) {
    var boxes = function () {
      return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=plan]"));
    };
    var buttons = form.querySelectorAll(".batch-bar button");
    var all = form.querySelectorAll("input.check-all");
    var count = form.querySelector(".selected-count");
    var update = function () {
      var n = boxes().filter(function (b) { return b.checked; }).length;
      buttons.forEach(function (b) { b.disabled = n === 0; });
      all.forEach(function (a) { a.checked = n > 0 && n === boxes().length; a.indeterminate = n > 0 && n < boxes().length; });
      if (count) count.textContent = String(n);
    };
    all.forEach(function (a) {
      a.addEventListener("change", function () {
        boxes().forEach(function (b) { b.checked = a.checked; });
        update();
      });
    });
    form.addEventListener("change", function (e) {
      if (e.target && e.target.name === "plan") update();
    });
    update();
  });
})();
