// The report page's own browser code: an error collector that runs first, and the chart bootstrap that runs last.
// Both set attributes on <body> that headless tests read: data-errors, data-warnings, data-chart-count, data-rendered,
// data-render-ms and data-resources (what the page fetched: nothing); on each chart, data-mark-counts (items drawn
// per named mark); and on each chart whose labels are checked, data-label-boxes and data-label-overlaps.

/** Records uncaught errors, rejected promises, CSP violations, console errors and warnings on <body>. Runs first. */
export const ERROR_COLLECTOR_JS = `(function () {
  var body = document.body;
  var errors = [];
  var warnings = [];
  body.setAttribute('data-errors', '[]');
  body.setAttribute('data-warnings', '[]');
  function describe(x) { return x && x.message ? x.message : String(x); }
  function recordError(message) { errors.push(String(message)); body.setAttribute('data-errors', JSON.stringify(errors)); }
  window.faultlineRecordError = recordError;
  window.addEventListener('error', function (e) {
    recordError(e.message || ('failed to load ' + ((e.target && (e.target.src || e.target.href)) || 'a resource')));
  }, true);
  window.addEventListener('unhandledrejection', function (e) { recordError('unhandled rejection: ' + describe(e.reason)); });
  document.addEventListener('securitypolicyviolation', function (e) {
    recordError('blocked by the page policy: ' + e.violatedDirective + ' ' + (e.blockedURI || ''));
  });
  var error = console.error;
  console.error = function () {
    recordError('console.error: ' + Array.prototype.map.call(arguments, describe).join(' '));
    return error.apply(console, arguments);
  };
  var warn = console.warn;
  console.warn = function () {
    warnings.push(Array.prototype.map.call(arguments, describe).join(' '));
    body.setAttribute('data-warnings', JSON.stringify(warnings));
    return warn.apply(console, arguments);
  };
})();`;

/**
 * Measures the drawn label boxes of a chart (text marks named *_labels, drawn as SVG by the svg or hybrid renderer) and counts the pairs
 * that overlap: a check of the label layout in the browser's own fonts.
 */
const MEASURE_LABELS_JS = `function measureLabels(target) {
    var boxes = [];
    Array.prototype.forEach.call(target.querySelectorAll('g.mark-text'), function (g) {
      if (!/_labels_marks\\b/.test(g.getAttribute('class') || '')) return;
      Array.prototype.forEach.call(g.querySelectorAll('text'), function (t) {
        var r = t.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) boxes.push({ text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height });
      });
    });
    var overlaps = 0;
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i], b = boxes[j];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps += 1;
      }
    }
    target.setAttribute('data-label-boxes', JSON.stringify(boxes));
    target.setAttribute('data-label-overlaps', String(overlaps));
  }`;

/** Counts the items Vega drew for each named mark of a view (e.g. anomaly_marks_marks), whatever the renderer. */
const COUNT_MARKS_JS = `function countMarks(mark, counts) {
    if (mark.name) counts[mark.name] = (counts[mark.name] || 0) + mark.items.length;
    if (mark.marktype !== 'group') return counts;
    mark.items.forEach(function (group) { (group.items || []).forEach(function (child) { countMarks(child, counts); }); });
    return counts;
  }`;

/**
 * Scrolls counterexample lanes to their end (where the failure is), then embeds every chart listed in the JSON data
 * block; sets data-rendered once all of them settled.
 */
export const CHART_BOOTSTRAP_JS = `(function () {
  var body = document.body;
  ${MEASURE_LABELS_JS}
  ${COUNT_MARKS_JS}
  Array.prototype.forEach.call(document.querySelectorAll('.lane-scroll'), function (el) { el.scrollLeft = el.scrollWidth; });
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  var charts = data.charts;
  var rendered = 0;
  body.setAttribute('data-chart-count', String(charts.length));
  var jobs = charts.map(function (chart) {
    var target = document.getElementById(chart.elementId);
    return vegaEmbed(target, chart.spec, { mode: 'vega-lite', actions: false, renderer: chart.renderer || 'canvas' }).then(
      function (result) {
        rendered += 1;
        target.setAttribute('data-mark-counts', JSON.stringify(countMarks(result.view.scenegraph().root, {})));
        target.setAttribute('data-rendered', 'true');
        if (target.hasAttribute('data-measure-labels')) measureLabels(target);
      },
      function (err) {
        var message = (err && err.message) || String(err);
        window.faultlineRecordError('chart ' + chart.elementId + ': ' + message);
        target.textContent = 'This chart could not be drawn: ' + message;
      }
    );
  });
  Promise.all(jobs).then(function () {
    body.setAttribute('data-render-ms', String(Math.round(performance.now())));
    body.setAttribute('data-resources', JSON.stringify(performance.getEntriesByType('resource').map(function (r) { return r.name; })));
    body.setAttribute('data-rendered', String(rendered));
  });
})();`;
