/*
 * Letter and message templates that fill themselves in (sitegen/render/letter_form.py writes
 * the form, the named blanks `[data-field]` and an empty `[data-letter-output]` after each letter).
 *
 * The letter written in the page stays a blank template, for paper and for readers without
 * JavaScript. This script shows the form and puts in the letter's place a copy that follows
 * what is typed, to copy, print or download. A value is only ever written as text
 * (textContent, a textarea's value, a Blob of text), never as markup, so `<img …>` typed
 * in a field is shown as those characters. Nothing leaves the device: the script makes no
 * request and writes no storage, and the fields are in no <form>, so nothing can submit them.
 * Every word comes from the form's data attributes, in the page's language.
 */
(function () {
  "use strict";

  var form = document.getElementById("letter-form");
  if (!form) return;
  var words = form.dataset;
  // UTC on both sides, so the day typed is the day written, whatever the time zone.
  var dates = new Intl.DateTimeFormat(words.locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  var letters = [];

  // A field's value as the letter shows it; "" while it is empty.
  function value(input) {
    var raw = input.value.trim();
    if (!raw || input.dataset.kind !== "date") return raw;
    var parts = raw.split("-").map(Number);  // a date input's value is always YYYY-MM-DD
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return isNaN(day.getTime()) ? raw : dates.format(day);
  }

  function update() {
    var values = {};
    form.querySelectorAll("[data-kind]").forEach(function (input) { values[input.name] = value(input); });
    letters.forEach(function (letter) {
      letter.output.querySelectorAll("[data-field]").forEach(function (blank) {
        // An empty field shows the blank again, so the letter can still be finished by hand.
        blank.textContent = values[blank.dataset.field] || blank.dataset.blank;
      });
    });
  }

  // The letter as plain text: a paragraph per block, a line per list item. The glossary's
  // explanations belong to the page, not to the letter.
  function plain(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === Node.TEXT_NODE) out += child.nodeValue;
      else if (child.nodeName === "BR") out += "\n";
      else if (child.nodeType === Node.ELEMENT_NODE && !child.classList.contains("term__def")) out += plain(child);
    });
    return out;
  }

  function letterText(letter) {
    var blocks = [];
    Array.prototype.forEach.call(letter.output.firstElementChild.children, function (block) {
      if (block.nodeName === "OL" || block.nodeName === "UL") {
        var items = Array.prototype.map.call(block.children, function (item, n) {
          return (block.nodeName === "OL" ? n + 1 + ". " : "- ") + plain(item).trim();
        });
        blocks.push(items.join("\n"));
      } else {
        blocks.push(plain(block).trim());
      }
    });
    return blocks.join("\n\n") + "\n";
  }

  // Cleared first, so the same message said twice is announced twice.
  function say(letter, message) {
    letter.status.textContent = "";
    window.setTimeout(function () { letter.status.textContent = message; }, 50);
  }

  function copy(letter, button) {
    var content = letterText(letter);
    function copied() { say(letter, words.letterCopied); }
    // Older browsers, and pages opened from file:// or plain http, have no Clipboard API.
    function fallback() {
      var area = document.createElement("textarea");
      area.value = content;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (err) { done = false; }
      area.remove();
      button.focus();
      if (done) return copied();
      window.getSelection().selectAllChildren(letter.output);  // ready for the reader to copy by hand
      say(letter, words.letterCopyFailed);
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(content).then(copied, fallback);
    else fallback();
  }

  function download(letter) {
    var name = letter.output.dataset.fileName;
    window.sitegen.saveText(name, letterText(letter));  // site.js
    say(letter, words.letterDownloaded.replace("{name}", name));
  }

  // Only the letter on the sheet: a copy of it at the top of the page and, for this print only,
  // a style that hides everything else on paper. It is made here, not in site.css, because the
  // stylesheet keeps only the rules whose selectors the built pages use.
  var printing = null;
  function stopPrinting() {
    if (!printing) return;
    printing.forEach(function (node) { node.remove(); });
    printing = null;
  }
  function print(letter) {
    stopPrinting();
    var sheet = document.createElement("div");
    sheet.className = "md-typeset";
    sheet.setAttribute("data-letter-sheet", "");
    sheet.appendChild(letter.output.firstElementChild.cloneNode(true));
    sheet.querySelectorAll(".term__def").forEach(function (def) { def.remove(); });  // the letter as sent
    var style = document.createElement("style");
    style.textContent = "@media screen{[data-letter-sheet]{display:none}}" +
      "@media print{body>:not([data-letter-sheet]){display:none!important}" +
      "[data-letter-sheet]{font-size:12pt}" +
      "[data-letter-sheet] blockquote{border:0;margin:0;padding:0;color:inherit}}";
    document.head.appendChild(style);
    document.body.appendChild(sheet);
    printing = [style, sheet];
    window.addEventListener("afterprint", stopPrinting, { once: true });
    window.print();
  }

  var actions = { copy: copy, print: print, download: download };
  document.querySelectorAll("[data-letter-output]").forEach(function (output) {
    var template = output.previousElementSibling;
    var buttons = output.nextElementSibling;
    if (!template || template.nodeName !== "BLOCKQUOTE" || !buttons) return;
    var filled = template.cloneNode(true);
    filled.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });  // ids stay unique
    output.appendChild(filled);
    var letter = { output: output, status: buttons.querySelector("[role=status]") };
    buttons.querySelectorAll("[data-letter-action]").forEach(function (button) {
      button.addEventListener("click", function () { actions[button.dataset.letterAction](letter, button); });
    });
    template.hidden = true;  // the copy that follows the form takes its place, on screen and on paper
    output.hidden = false;
    buttons.hidden = false;
    letters.push(letter);
  });
  if (!letters.length) return;
  form.addEventListener("input", update);
  form.hidden = false;
  update();
})();
