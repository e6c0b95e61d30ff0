/*
 * The loan-cost calculator (sitegen/render/calculator.py writes its form).
 *
 * Real annual rate = monthly internal rate of return × 12: the monthly rate at which the
 * repayments, one a month from the first month on, are worth exactly the money received
 * (less any fee paid back at the start). All text comes from the form's data attributes,
 * in the page's language. Nothing is stored or sent: the form never submits, and this
 * script makes no request and writes no storage.
 */
(function () {
  "use strict";

  var form = document.getElementById("loan-calc");
  if (!form) return;
  var text = form.dataset;
  var number = new Intl.NumberFormat(text.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat(text.locale, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // A number as people type it: full-width digits, thousands separators and a currency sign allowed.
  function parse(raw) {
    var clean = raw.normalize("NFKC").replace(/[,\s]|元|¥|￥|yuan/gi, "");
    return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : NaN;
  }

  function setError(id, message) {
    var input = document.getElementById("lc-" + id);
    var line = document.getElementById("lc-" + id + "-error");
    line.textContent = message || "";
    line.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return !message;
  }

  // The field's amount, or null after showing what is wrong with it.
  function amount(id, optional) {
    var raw = document.getElementById("lc-" + id).value.trim();
    var value = !raw && optional ? 0 : parse(raw);
    var problem = isNaN(value) ? text.calcErrorNumber
      : value < 0 || (!optional && value === 0) ? text.calcErrorPositive : "";
    return setError(id, problem) ? value : null;
  }

  function payments(mode) {
    if (mode === "equal") {
      var count = parse(document.getElementById("lc-count").value.trim());
      var countOk = setError("count", Number.isInteger(count) && count >= 1 && count <= 600 ? "" : text.calcErrorCount);
      var each = amount("amount");
      if (!countOk || each === null) return null;
      var list = [];
      for (var i = 0; i < count; i++) list.push(each);
      return list;
    }
    var lines = document.getElementById("lc-list").value.split(/\n/).map(function (l) { return l.trim(); })
      .filter(Boolean).map(parse);
    var ok = lines.length > 0 && lines.length <= 600 && lines.every(function (v) { return !isNaN(v) && v >= 0; })
      && lines.some(function (v) { return v > 0; });
    return setError("list", ok ? "" : text.calcErrorList) ? lines : null;
  }

  // Present value of the payments at monthly rate r, less the money received.
  function gap(r, net, list) {
    var value = 0;
    for (var k = 0; k < list.length; k++) value += list[k] / Math.pow(1 + r, k + 1);
    return value - net;
  }

  // The gap falls as the rate rises, so bisection finds the one rate where it is zero.
  function monthlyRate(net, list) {
    var low = 0, high = 1;
    while (gap(high, net, list) > 0) high *= 2;
    for (var i = 0; i < 200; i++) {
      var mid = (low + high) / 2;
      if (gap(mid, net, list) > 0) low = mid; else high = mid;
    }
    return (low + high) / 2;
  }

  function row(cells, tag) {
    var tr = document.createElement("tr");
    cells.forEach(function (value) {
      var cell = document.createElement(tag);
      cell.textContent = value;
      if (tag === "th") cell.scope = "col";
      tr.appendChild(cell);
    });
    return tr;
  }

  function show(net, list, rate) {
    var out = document.getElementById("lc-result");
    out.textContent = "";
    var paid = list.reduce(function (a, b) { return a + b; }, 0);
    var lines = [
      fill(text.calcRate, { rate: percent.format(rate * 12), monthly: percent.format(rate) }),
      fill(text.calcCost, { cost: number.format(paid - net), paid: number.format(paid), net: number.format(net) }),
      text.calcMethod
    ];
    lines.forEach(function (line, n) {
      var p = document.createElement("p");
      p.textContent = line;
      if (n === 0) p.className = "loan-calc__rate";
      out.appendChild(p);
    });
    var table = document.createElement("table");
    var caption = document.createElement("caption");
    caption.textContent = text.calcTableCaption;
    table.appendChild(caption);
    var head = document.createElement("thead");
    head.appendChild(row([text.calcColN, text.calcColPayment, text.calcColCost, text.calcColPrincipal, text.calcColLeft], "th"));
    table.appendChild(head);
    var body = document.createElement("tbody");
    var left = net;
    list.forEach(function (payment, k) {
      var cost = left * rate;
      left = left + cost - payment;
      body.appendChild(row([String(k + 1), number.format(payment), number.format(cost),
        number.format(payment - cost), number.format(Math.max(0, left))], "td"));
    });
    table.appendChild(body);
    var wrap = document.createElement("div");
    wrap.className = "loan-calc__table";
    wrap.appendChild(table);
    out.appendChild(wrap);
  }

  function mode() {
    return form.querySelector("input[name=mode]:checked").value;
  }

  form.addEventListener("change", function (ev) {
    if (ev.target.name !== "mode") return;
    form.querySelectorAll("[data-mode]").forEach(function (el) { el.hidden = el.dataset.mode !== mode(); });
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault(); // nothing leaves the page
    var out = document.getElementById("lc-result");
    var received = amount("received");
    var upfront = amount("upfront", true);
    var list = payments(mode());
    out.textContent = "";
    if (received === null || upfront === null || list === null) return;
    var net = received - upfront;
    if (net <= 0) return setError("upfront", text.calcErrorPositive);
    if (list.reduce(function (a, b) { return a + b; }, 0) <= net) {
      return setError(mode() === "equal" ? "amount" : "list", text.calcErrorNeverRepaid);
    }
    show(net, list, monthlyRate(net, list));
  });

  form.hidden = false;
})();
