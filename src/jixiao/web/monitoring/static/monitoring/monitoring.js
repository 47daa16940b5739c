// Monitoring charts (ECharts, bundled): a project's cumulative execution against its
// spending plan and the time line with the as-of marker; the overview's lamps by
// department. Data come from json_script blocks the server writes.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var font = getComputedStyle(document.body).fontFamily;
  function percent(v) { return v == null ? "—" : v + "%"; }

  document.querySelectorAll("[data-mon-chart]").forEach(function (el) {
    var src = document.getElementById(el.getAttribute("data-mon-chart"));
    if (!src) return;
    var d = JSON.parse(src.textContent);
    var series = [
      { name: d.labels.actual, type: "line", data: d.actual, symbolSize: 6,
        lineStyle: { width: 3, color: "#1f5fbf" }, itemStyle: { color: "#1f5fbf" },
        markLine: { symbol: "none", label: { formatter: d.as_of + "月" },
                    lineStyle: { type: "dashed", color: "#888" }, data: [{ xAxis: d.as_of }] } },
      { name: d.labels.time, type: "line", data: d.time, showSymbol: false,
        lineStyle: { type: "dotted", color: "#888" }, itemStyle: { color: "#888" } }
    ];
    if (d.plan.length) {
      series.push({ name: d.labels.plan, type: "line", data: d.plan, showSymbol: false,
                    lineStyle: { color: "#e08a00" }, itemStyle: { color: "#e08a00" } });
    }
    var chart = echarts.init(el);
    chart.setOption({
      animation: false, textStyle: { fontFamily: font },
      grid: { left: 8, right: 16, top: 12, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: percent },
      xAxis: { type: "category", data: d.months, boundaryGap: false },
      yAxis: { type: "value", min: 0, axisLabel: { formatter: "{value}%" } },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });

  var lamps = document.getElementById("lamp-chart");
  var data = document.getElementById("lamp-chart-data");
  if (lamps && data) {
    var d = JSON.parse(data.textContent);
    if (!d.departments.length) { lamps.style.display = "none"; return; }
    lamps.style.height = (24 + d.departments.length * 26) + "px";
    var chart = echarts.init(lamps);
    function bar(name, values, color) {
      return { name: name, type: "bar", stack: "n", data: values, itemStyle: { color: color }, barMaxWidth: 16 };
    }
    chart.setOption({
      animation: false, textStyle: { fontFamily: font },
      grid: { left: 8, right: 12, top: 4, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.departments,
               axisLabel: { width: 120, overflow: "truncate" } },
      series: [bar(d.labels.red, d.red, "#c62828"), bar(d.labels.yellow, d.yellow, "#f2b01e"),
               bar(d.labels.green, d.green, "#2e8b57")]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
})();
