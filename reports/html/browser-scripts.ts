// The report page's own browser code: an error collector that runs first, and the chart bootstrap that runs last.
// Both set attributes on <body> that headless tests read: data-errors, data-warnings, data-chart-count, data-rendered.

/** Records uncaught errors, rejected promises, CSP violations and console warnings on <body>. Runs before the bundles. */
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
  var warn = console.warn;
  console.warn = function () {
    warnings.push(Array.prototype.map.call(arguments, describe).join(' '));
    body.setAttribute('data-warnings', JSON.stringify(warnings));
    return warn.apply(console, arguments);
  };
})();`;

/**
 * Scrolls counterexample lanes to their end (where the failure is), then embeds every chart listed in the JSON data
 * block; sets data-rendered once all of them settled.
 */
export const CHART_BOOTSTRAP_JS = `(function () {
  var body = document.body;
  Array.prototype.forEach.call(document.querySelectorAll('.lane-scroll'), function (el) { el.scrollLeft = el.scrollWidth; });
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  var charts = data.charts;
  var rendered = 0;
  body.setAttribute('data-chart-count', String(charts.length));
  var jobs = charts.map(function (chart) {
    var target = document.getElementById(chart.elementId);
    return vegaEmbed(target, chart.spec, { mode: 'vega-lite', actions: false, renderer: 'canvas' }).then(
      function () { rendered += 1; target.setAttribute('data-rendered', 'true'); },
      function (err) {
        var message = (err && err.message) || String(err);
        window.faultlineRecordError('chart ' + chart.elementId + ': ' + message);
        target.textContent = 'This chart could not be drawn: ' + message;
      }
    );
  });
  Promise.all(jobs).then(function () { body.setAttribute('data-rendered', String(rendered)); });
})();`;
