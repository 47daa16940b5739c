// Finance overview: a small bar chart of errors and warnings per supervising department.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  var data = document.getElementById("chart-data");
  if (!el || !data || typeof echarts === "undefined") return;
  var d = JSON.parse(data.textContent);
  if (!d.labels.length) { el.style.display = "none"; return; }
  el.style.height = (28 + d.labels.length * 22) + "px";
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    grid: { left: 8, right: 12, top: 8, bottom: 4, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eceff3" } } },
    yAxis: { type: "category", inverse: true, data: d.labels,
             axisLabel: { fontSize: 11, width: 110, overflow: "truncate" } },
    series: [
      { name: d.error_label, type: "bar", stack: "n", data: d.errors, itemStyle: { color: "#b3261e" }, barMaxWidth: 14 },
      { name: d.warning_label, type: "bar", stack: "n", data: d.warnings, itemStyle: { color: "#e0a030" }, barMaxWidth: 14 }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
