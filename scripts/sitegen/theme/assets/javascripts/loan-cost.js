/*
 * The loan-cost calculator (sitegen/render/calculator.py writes its form).
 *
 * Real annual rate = the internal rate of return per period × the periods in a year
 * (12 months, 365/7 weeks or 365 days): the rate per period at which the repayments,
 * one per period from the first on, are worth exactly the money received (less any fee
 * paid back at the start). All text, and the reference points a result is compared with,
 * come from the page, in its language. Nothing is stored or sent: the form never submits,
 * and this script makes no request and writes no storage.
 */
(function () {
  "use strict";

  var form = document.getElementById("loan-calc");
  if (!form) return;
  var text = form.dataset;
  var number = new Intl.NumberFormat(text.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat(text.locale, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // A daily or weekly rate is small: show enough digits to see it.
  var small = new Intl.NumberFormat(text.locale, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 4 });
  // How many of each period make a year: the annualisation convention the method line states.
  var PER_YEAR = { month: 12, week: 365 / 7, day: 365, year: 1 };
  var RATE_LINE = { month: "calcRate", week: "calcRateWeek", day: "calcRateDay" };
  var METHOD_LINE = { month: "calcMethod", week: "calcMethodWeek", day: "calcMethodDay" };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function value(id) {
    return document.getElementById("lc-" + id).value.trim();
  }

  // A number as people type it: full-width digits, thousands separators and a currency sign allowed.
  function parse(raw) {
    var clean = raw.normalize("NFKC").replace(/[,\s]|元|¥|￥|yuan|%/gi, "");
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
    var raw = value(id);
    var result = !raw && optional ? 0 : parse(raw);
    var problem = isNaN(result) ? text.calcErrorNumber
      : result < 0 || (!optional && result === 0) ? text.calcErrorPositive : "";
    return setError(id, problem) ? result : null;
  }

  function periods(id) {
    var count = parse(value(id));
    return setError(id, Number.isInteger(count) && count >= 1 && count <= 600 ? "" : text.calcErrorCount) ? count : null;
  }

  // The payments, one per period; `loan` is the contract's amount, which a quoted rate applies to.
  // Returns {list, quoted: rate per period or undefined}, or null after showing what is wrong.
  function payments(mode, loan, unit) {
    if (mode === "list") {
      var lines = value("list").split(/\n/).map(function (l) { return l.trim(); }).filter(Boolean).map(parse);
      var ok = lines.length > 0 && lines.length <= 600 && lines.every(function (v) { return !isNaN(v) && v >= 0; })
        && lines.some(function (v) { return v > 0; });
      return setError("list", ok ? "" : text.calcErrorList) ? { list: lines } : null;
    }
    var field = mode === "equal" ? "amount" : "total";
    var count = periods(mode === "equal" ? "count" : "term");
    var addon = amount("addon", true);
    var quote = amount("quote", true);
    setError(field, "");
    // Exactly one of the two: the payment amount, or the lender's quoted rate.
    if (!value(field) === !value("quote")) {
      setError(field, text.calcErrorAmountOrRate);
      return null;
    }
    var each = value(field) ? amount(field) : 0;
    if (count === null || each === null || addon === null || quote === null) return null;
    var list = [], rate;
    if (!each) {
      // Simple interest on the contract's amount, the usual meaning of a quoted rate; the quote is
      // turned into a rate per period through the same year the annualisation uses.
      rate = quote / 100 * PER_YEAR[document.getElementById("lc-per").value] / PER_YEAR[unit];
      // Fees on top come with the repayments: split equally, or all with the one repayment.
      each = mode === "equal" ? loan / count + loan * rate + addon / count : loan * (1 + rate * count) + addon;
    }
    for (var i = 0; i < count; i++) list.push(mode === "equal" || i === count - 1 ? each : 0);
    return { list: list, quoted: rate };
  }

  // Present value of the payments at rate r per period, less the money received.
  function gap(r, net, list) {
    var present = 0;
    for (var k = 0; k < list.length; k++) present += list[k] / Math.pow(1 + r, k + 1);
    return present - net;
  }

  // The gap falls as the rate rises, so bisection finds the one rate where it is zero.
  function periodRate(net, list) {
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
    cells.forEach(function (cellText) {
      var cell = document.createElement(tag);
      cell.textContent = cellText;
      if (tag === "th") cell.scope = "col";
      tr.appendChild(cell);
    });
    return tr;
  }

  function paragraph(out, line, className) {
    var p = document.createElement("p");
    p.textContent = line;
    if (className) p.className = className;
    out.appendChild(p);
  }

  // The reference points (written by the generator from the campaign's data), each marked above or not.
  function compare(out, annual) {
    var source = document.getElementById("lc-compare");
    if (!source) return;
    var copy = source.cloneNode(true);
    copy.removeAttribute("id");
    copy.hidden = false;
    copy.querySelectorAll("li[data-threshold]").forEach(function (item) {
      var above = annual * 100 > Number(item.dataset.threshold);
      item.querySelector(".loan-calc__verdict").textContent = above ? text.calcRefAbove : text.calcRefNotAbove;
    });
    out.appendChild(copy);
  }

  function show(loan, received, net, payment, rate, unit, mode) {
    var out = document.getElementById("lc-result");
    var list = payment.list;
    out.textContent = "";
    var paid = list.reduce(function (a, b) { return a + b; }, 0);
    var annual = rate * PER_YEAR[unit];
    paragraph(out, fill(text[RATE_LINE[unit]], { rate: percent.format(annual), monthly: (unit === "month" ? percent : small).format(rate) }),
      "loan-calc__rate");
    paragraph(out, fill(text.calcCost, { cost: number.format(paid - net), paid: number.format(paid), net: number.format(net) }));
    if (loan > received) {
      paragraph(out, fill(text.calcDeducted, { deducted: number.format(loan - received), contract: number.format(loan),
        received: number.format(received) }));
    }
    if (payment.quoted !== undefined) {
      paragraph(out, fill(text.calcQuoted, { contract: number.format(loan), periodic: small.format(payment.quoted),
        paid: number.format(paid) }));
    }
    paragraph(out, text[METHOD_LINE[unit]]);
    var table = document.createElement("table");
    var caption = document.createElement("caption");
    caption.textContent = text.calcTableCaption;
    table.appendChild(caption);
    var head = document.createElement("thead");
    head.appendChild(row([text.calcColN, text.calcColPayment, text.calcColCost, text.calcColPrincipal, text.calcColLeft], "th"));
    table.appendChild(head);
    var body = document.createElement("tbody");
    var left = net, cost = 0;
    list.forEach(function (due, k) {
      var accrued = left * rate;
      cost += accrued;
      left = left + accrued - due;
      // Repaid all at once: one row for the one payment, its cost the interest of every period before it.
      if (mode === "end" && !due) return;
      body.appendChild(row([String(k + 1), number.format(due), number.format(cost),
        number.format(due - cost), number.format(Math.max(0, left))], "td"));
      cost = 0;
    });
    table.appendChild(body);
    var wrap = document.createElement("div");
    wrap.className = "loan-calc__table";
    wrap.appendChild(table);
    out.appendChild(wrap);
    compare(out, annual);
  }

  function mode() {
    return form.querySelector("input[name=mode]:checked").value;
  }

  form.addEventListener("change", function (ev) {
    if (ev.target.name !== "mode") return;
    form.querySelectorAll("[data-mode]").forEach(function (el) {
      el.hidden = el.dataset.mode.split(" ").indexOf(mode()) < 0;
    });
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault(); // nothing leaves the page
    var out = document.getElementById("lc-result");
    var unit = document.getElementById("lc-unit").value;
    var received = amount("received");
    var upfront = amount("upfront", true);
    var contract = amount("contract", true);
    out.textContent = "";
    if (received !== null && contract !== null && contract && contract < received) {
      setError("contract", text.calcErrorContract);
      contract = null;
    }
    var loan = contract || received || 0; // no contract amount: the contract says what was received
    var payment = payments(mode(), loan, unit); // checked even when the amounts are wrong: every error shows at once
    if (received === null || upfront === null || contract === null || payment === null) return;
    var net = received - upfront;
    if (net <= 0) return setError("upfront", text.calcErrorPositive);
    var field = { equal: "amount", list: "list", end: "total" }[mode()];
    if (payment.list.reduce(function (a, b) { return a + b; }, 0) <= net) {
      return setError(payment.quoted === undefined ? field : "quote", text.calcErrorNeverRepaid);
    }
    show(loan, received, net, payment, periodRate(net, payment.list), unit, mode());
  });

  form.hidden = false;
})();
