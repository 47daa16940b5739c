// Self-evaluation results: grades per department as stacked horizontal bars.
(function () {
  "use strict";
  var el = document.getElementById("grade-chart");
  var data = document.getElementById("grade-data");
  if (!el || !data || typeof echarts === "undefined") return;
  var d = JSON.parse(data.textContent);
  el.style.height = (60 + d.labels.length * 26) + "px";
  var colors = { "优": "#2e7d32", "良": "#7cb342", "中": "#e0a030", "差": "#b3261e" };
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: d.labels, axisLabel: { fontSize: 11, width: 120, overflow: "truncate" } },
    series: d.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "n", data: s.data, barMaxWidth: 14, itemStyle: { color: colors[s.name] } };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
