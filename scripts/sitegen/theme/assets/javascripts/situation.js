/*
 * The guided check (sitegen.render.situation_form): answers in, a plan out, on the reader's device.
 *
 * Every step is already on the page, as an item of the list of all situations, carrying its
 * rule (`data-when`: {question: [answers]}, each question named must have one of them) and
 * its place in plan order (`data-order`, from sitegen.situation). The plan is a copy of the
 * items whose rule matches, in that order, written into #plan (an aria-live region).
 * Nothing is sent or stored: the form never submits; "save" makes a text file on the device.
 * The script holds no language: its words are the form's data-* attributes.
 */
(function () {
  "use strict";

  var form = document.getElementById("situation-form");
  var plan = document.getElementById("plan");
  var actions = document.getElementById("plan-actions");
  if (!form || !plan || !actions) return;
  var steps = Array.prototype.slice.call(document.querySelectorAll(".situation-steps [data-step]"));

  function answers() {
    var given = {};
    Array.prototype.forEach.call(form.querySelectorAll("input:checked"), function (input) {
      (given[input.name] = given[input.name] || []).push(input.value);
    });
    return given;
  }

  function matches(step, given) {
    var when = JSON.parse(step.getAttribute("data-when"));
    return Object.keys(when).every(function (question) {
      return (given[question] || []).some(function (answer) { return when[question].indexOf(answer) >= 0; });
    });
  }

  function order(step) {
    return step.getAttribute("data-order").split(" ").map(Number);
  }

  function before(a, b) {
    var x = order(a), y = order(b);
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  }

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function show() {
    var given = answers();
    var chosen = steps.filter(function (step) { return matches(step, given); }).sort(before);
    var title = document.createElement("p");
    title.classList.add("situation-plan__title");
    title.textContent = form.getAttribute("data-situation-plan-title");
    var list = document.createElement("ol");
    chosen.forEach(function (step) {
      var item = step.cloneNode(true);
      item.removeAttribute("data-when");
      list.appendChild(item);
    });
    plan.replaceChildren(title, list);
    actions.hidden = false;
    actions.querySelector("[role=status]").textContent = "";
    plan.scrollIntoView({ block: "start" });
  }

  // The plan as plain text: each step, what to do, the live page and the number to call.
  function planText() {
    var lines = [text(plan.querySelector(".situation-plan__title")), ""];
    Array.prototype.forEach.call(plan.querySelectorAll("li"), function (item, n) {
      var call = item.querySelector(".situation-step__call");
      lines.push((n + 1) + ". " + text(item.querySelector(".situation-step__title")));
      lines.push("   " + text(item.querySelector(".situation-step__text")));
      lines.push("   " + form.getAttribute("data-situation-link-label") + item.getAttribute("data-url"));
      if (call) lines.push("   " + form.getAttribute("data-situation-call-label") + text(call));
      lines.push("");
    });
    return lines.join("\n");
  }

  function save() {
    window.sitegen.saveText(form.getAttribute("data-situation-file"), planText());  // site.js
    actions.querySelector("[role=status]").textContent = form.getAttribute("data-situation-saved");
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    show();
  });
  actions.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-action]");
    if (!button) return;
    if (button.getAttribute("data-action") === "print") window.print();
    else save();
  });
  form.hidden = false;
  document.documentElement.classList.add("situation-ready");
})();
