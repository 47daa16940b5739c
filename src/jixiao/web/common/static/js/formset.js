// Full-page editors: add rows to a formset from its <template> (the row 删除 boxes need no
// script), and check 财政资金 + 其他资金 against 预算数 while typing. Amounts are compared
// as scaled integers, never as floats; the server and the checker have the last word.
(function () {
  "use strict";
  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var tpl = document.getElementById(prefix + "-template");
    var box = document.querySelector("[data-formset='" + prefix + "']");
    if (!total || !tpl || !box) return;
    var n = parseInt(total.value, 10) || 0;
    var holder = document.createElement("template");
    holder.innerHTML = tpl.innerHTML.replace(/__prefix__/g, String(n)).trim();
    var row = holder.content.firstElementChild;
    box.appendChild(row);
    total.value = String(n + 1);
    var empty = document.querySelector("[data-empty-for='" + prefix + "']");
    if (empty) empty.remove();
    if (window.htmx) window.htmx.process(row);
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    if (first) first.focus();
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-add-row]");
    if (!b) return;
    e.preventDefault();
    addRow(b.getAttribute("data-add-row"));
  });

  // Enter in a goal line goes to the next line (a new one after the last), as in a list,
  // instead of submitting the whole form half-typed.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "Enter" || !t.matches || !t.matches("[data-formset] input[type=text]")) return;
    var box = t.closest("[data-formset]");
    if (box.getAttribute("data-formset") !== "goal") return;
    e.preventDefault();
    var inputs = box.querySelectorAll("input[type=text]");
    var at = Array.prototype.indexOf.call(inputs, t);
    if (at + 1 < inputs.length) inputs[at + 1].focus();
    else if (t.value.trim()) addRow("goal");
  });

  // --- budget sum hint --------------------------------------------------------------------
  var SCALE = 6;
  function scaled(text) {
    var s = (text || "").replace(/[,，\s]/g, "").replace(/(万元|万|元)$/, "");
    if (s === "") return BigInt(0);
    var m = /^(\d*)(?:\.(\d*))?$/.exec(s);
    if (!m || (m[1] === "" && !m[2])) return null;
    var frac = ((m[2] || "") + "000000").slice(0, SCALE);
    if ((m[2] || "").length > SCALE) return null;
    return BigInt((m[1] || "0") + frac);
  }
  function show(v) {
    var neg = v < 0;
    var s = (neg ? -v : v).toString().padStart(SCALE + 1, "0");
    var int = s.slice(0, -SCALE), frac = s.slice(-SCALE).replace(/0+$/, "");
    if (frac.length < 2) frac = (frac + "00").slice(0, 2);
    return (neg ? "-" : "") + int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + frac;
  }
  function budgetHint() {
    var hint = document.getElementById("budget-sum");
    var t = document.getElementById("id_budget_total");
    var f = document.getElementById("id_budget_fiscal");
    var o = document.getElementById("id_budget_other");
    if (!hint || !t || !f || !o) return;
    var total = scaled(t.value), fiscal = scaled(f.value), other = scaled(o.value);
    hint.className = "sum-hint small";
    if (total === null || fiscal === null || other === null || !t.value.trim() ||
        (!f.value.trim() && !o.value.trim())) {
      hint.textContent = "";
      return;
    }
    var sum = fiscal + other;
    var ok = sum === total;
    hint.classList.add(ok ? "ok" : "bad");
    hint.textContent = hint.getAttribute(ok ? "data-ok" : "data-bad")
      .replace("{sum}", show(sum)).replace("{total}", show(total));
  }
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("input.amount")) budgetHint();
  });
  // Amounts read as 万元 with two decimals ("100" → "100.00") once the field is left;
  // anything that is not a plain number is left for the server to explain.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t.matches || !t.matches("input.amount")) return;
    var s = t.value.replace(/[,，\s]/g, "");
    var m = /^(\d+)(?:\.(\d*))?$/.exec(s);
    if (!m) return;
    var frac = m[2] || "";
    if (frac.length < 2) frac = (frac + "00").slice(0, 2);
    t.value = m[1].replace(/^0+(?=\d)/, "") + "." + frac;
    budgetHint();
  });
  document.addEventListener("DOMContentLoaded", budgetHint);
})();
