// Indicator editor: keep the level2 choices within the chosen level1 (before htmx saves the
// row, hence the capture phase), and let description fields grow with their text.
(function () {
  "use strict";
  function filterLevel2(row, reset) {
    var l1 = row.querySelector("select.level1");
    var l2 = row.querySelector("select.level2");
    if (!l1 || !l2) return;
    var key = l1.selectedOptions.length ? l1.selectedOptions[0].dataset.key : "";
    var firstVisible = null;
    Array.prototype.forEach.call(l2.options, function (o) {
      var show = o.value === "" || !key || o.dataset.key === key;
      o.hidden = !show;
      o.disabled = !show;
      if (show && o.value !== "" && !firstVisible) firstVisible = o;
    });
    var cur = l2.selectedOptions[0];
    if (reset && (!cur || cur.disabled)) {
      l2.value = firstVisible ? firstVisible.value : "";
    }
  }
  function grow(t) { t.style.height = "auto"; t.style.height = (t.scrollHeight + 2) + "px"; }
  function init(root) {
    root.querySelectorAll("tbody.ind").forEach(function (row) { filterLevel2(row, false); });
    root.querySelectorAll("table.editor textarea").forEach(grow);
  }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("select.level1")) filterLevel2(t.closest("tbody.ind"), true);
  }, true);
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("table.editor textarea")) grow(e.target);
  });
  // Enter moves to the same field of the next row, as in a spreadsheet (leaving the
  // field saves it); Shift+Enter moves up.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || !t.matches || !t.matches("table.editor input[type=text]")) return;
    e.preventDefault();
    var row = t.closest("tbody.ind");
    var other = e.shiftKey ? row.previousElementSibling : row.nextElementSibling;
    var name = t.getAttribute("name");
    var next = other && other.matches("tbody.ind") && other.querySelector("[name='" + name + "']");
    if (next) { next.focus(); next.select(); } else { t.blur(); }
  });
  // A refused or failed request (403, 404, 500, network) is not swapped by htmx: say so
  // above the table instead of failing silently. 409/422 carry their own message.
  function showError(status) {
    var editor = document.getElementById("editor");
    var box = document.getElementById("editor-message");
    if (!editor || !box) return;
    var msg = editor.getAttribute("data-msg-" + status) || editor.getAttribute("data-msg-error");
    box.innerHTML = "";
    var span = document.createElement("span");
    span.className = "badge error";
    span.setAttribute("role", "alert");
    span.textContent = msg;
    box.appendChild(span);
  }
  document.addEventListener("htmx:responseError", function (e) {
    showError(e.detail.xhr ? e.detail.xhr.status : 0);
  });
  document.addEventListener("htmx:sendError", function () { showError(0); });
  // Review comments live inside the row's <tbody>: typing one must not save the row
  // (the row saves on "change"), so such events stop here, before htmx sees them.
  document.addEventListener("change", function (e) {
    if (e.target.closest && e.target.closest(".comment-form")) e.stopPropagation();
  }, true);
  // "提意见" / "回复" open the row's comment form in place (without JavaScript the link
  // reloads the page with the form open).
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("[data-comment-toggle]");
    if (!a) return;
    var pk = a.getAttribute("data-comment-toggle");
    var row = document.getElementById("ind-" + pk + "-comments");
    var form = document.getElementById("ind-" + pk + "-comment-form");
    if (!row || !form) return;
    e.preventDefault();
    row.hidden = false;
    form.hidden = false;
    var text = form.querySelector("textarea");
    if (text) text.focus();
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (e) { init(e.target); });
})();
