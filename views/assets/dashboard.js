// Draws each dashboard chart with Apache ECharts (served by the app) from the JSON of the table
// beside it, so the chart and the table always show the same numbers. Without JavaScript, or
// without ECharts, the tables remain.
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") return;
  // Chinese labels need a font with CJK glyphs: the system stack of each platform.
  var fontFamily =
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", ' +
    '"WenQuanYi Micro Hei", "Noto Sans", sans-serif';
  var palette = ["#1d5fa8", "#2a9d8f", "#e9a23b", "#d1495b", "#6a4c93", "#4f772d", "#8d99ae"];

  function numberOrNull(cell) {
    return typeof cell === "number" ? cell : null;
  }

  function seriesColumns(data) {
    // The columns after the first that hold a number in at least one row.
    var indexes = [];
    for (var c = 1; c < data.columns.length; c++) {
      if (
        data.rows.some(function (row) {
          return typeof row[c] === "number";
        })
      )
        indexes.push(c);
    }
    return indexes;
  }

  /**
   * Category labels turn 30° when written level they would run into each other: more than six,
   * or longer than the width each gets (about 12 px a character; a phone gives a bar group 50 px).
   */
  function labelRotation(labels, chartWidth) {
    if (labels.length > 6) return 30;
    var perLabel = (chartWidth - 64) / Math.max(1, labels.length);
    var longest = labels.reduce(function (most, label) {
      return Math.max(most, label.length);
    }, 0);
    return longest * 12 > perLabel ? 30 : 0;
  }

  function optionFor(data, chartWidth) {
    var base = { color: palette, textStyle: { fontFamily: fontFamily }, aria: { enabled: true }, animation: false };
    var labels = data.rows.map(function (row) {
      return String(row[0]);
    });
    if (data.kind === "funnel" || data.kind === "pie") {
      var points = data.rows.map(function (row) {
        return { name: String(row[0]), value: numberOrNull(row[1]) };
      });
      base.tooltip = { trigger: "item" };
      base.legend = { bottom: 0, type: "scroll" };
      base.series = [
        data.kind === "funnel"
          ? {
              type: "funnel",
              sort: "none",
              gap: 2,
              top: 10,
              bottom: 40,
              // The labels stand to the right of the bands: the last stages' bands are too narrow
              // to hold "达成意向: 23" on a phone.
              left: "2%",
              width: "58%",
              minSize: "8%",
              label: { show: true, position: "right", formatter: "{b}: {c}" },
              labelLine: { show: true, length: 8 },
              data: points,
            }
          : { type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}: {c}" }, data: points },
      ];
      return base;
    }
    var columns = seriesColumns(data);
    base.tooltip = { trigger: "axis" };
    base.legend = { top: 0, type: "scroll" };
    base.grid = { left: 48, right: 16, top: 40, bottom: 64 };
    base.xAxis = {
      type: "category",
      data: labels,
      axisLabel: {
        interval: 0,
        rotate: labelRotation(labels, chartWidth),
        // Long society names are cut with an ellipsis; the table beside the chart has them whole.
        width: 140,
        overflow: "truncate",
      },
    };
    base.yAxis = { type: "value", minInterval: 1 };
    base.series = columns.map(function (c) {
      return {
        type: data.kind === "line" ? "line" : "bar",
        name: data.columns[c],
        data: data.rows.map(function (row) {
          return numberOrNull(row[c]);
        }),
      };
    });
    return base;
  }

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var data;
    try {
      data = JSON.parse(element.getAttribute("data-chart"));
    } catch {
      // A table without chart data keeps its table.
      return;
    }
    if (!data.rows.length) return;
    element.classList.add("is-drawn");
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(optionFor(data, chart.getWidth()));
    charts.push({ chart: chart, data: data });
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (drawn) {
      drawn.chart.resize();
      drawn.chart.setOption(optionFor(drawn.data, drawn.chart.getWidth()));
    });
  });
})();
