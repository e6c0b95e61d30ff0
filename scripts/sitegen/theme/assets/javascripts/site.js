/*
 * The site's own script, loaded before the theme's bundle (sitegen/theme/main.html), which it fetches (10).
 * It touches the theme only through public browser APIs, never its code:
 *
 * 1. Search on every committed change of the search box. The theme searches on
 *    `keyup` only, so a pinyin input method's commit, a paste from the context
 *    menu, voice input and autofill (none of which fire `keyup`) left the results
 *    empty. Here every committed `input` and each `compositionend` replays a
 *    `keyup`; while a candidate is being composed, keys are kept from the theme,
 *    so it neither searches half-typed pinyin nor follows a result on the Enter
 *    that picks a candidate.
 * 2. The search worker starts with the index, on first use of search, not on
 *    every page load: the theme's `new Worker()` gets a stand-in that creates the
 *    real worker when the theme first sends it a message. The index of a language
 *    lunr cannot stem names no lunr language and an empty pipeline
 *    (sitegen/postbuild/languages.py); the theme's worker removes lunr's English
 *    trimmer, stop words and stemmer only for a language it is given, so it is
 *    given "en" with that empty pipeline, which removes all three.
 * 3. Search rules (docs/_data/search/<lang>.yml, carried in the index's
 *    `config.rules`): question words are dropped from the query and short forms
 *    add the terms the pages use, as the build did for the index.
 * 4. Collapsed teaching sections open when a link points inside them, and before
 *    printing.
 * 5. The search form's submit button (overrides/partials/search.html) sends the
 *    reader to the results, which follow every keystroke already: the search
 *    opens and focus moves to the first result (the box when there is none),
 *    where the page would otherwise load again with `?query=`. The search opens
 *    when the button has focus too, so that the button is seen.
 * 6. The theme's drawer and search toggles are closed on a page reached by going
 *    Back. The theme marks them `autocomplete="off"` so that the browser does not
 *    restore them checked; HTML allows that attribute on text-like inputs only and
 *    the build drops it (sitegen.postbuild.finish), so a restored toggle is closed
 *    here.
 * 7. Quick exit: the "leave this site" link in the top bar (overrides/main.html)
 *    replaces this page with the neutral site it links to (campaign.yml
 *    `quick_exit`), so that Back does not return here, and without telling that
 *    site where the reader came from. Esc pressed twice within a second does the
 *    same; a single Esc stays the theme's (it closes the search).
 * 8. Search results read as written. The index cuts Chinese into words with
 *    zero-width spaces, and the theme shows titles and excerpts as indexed:
 *    the spaces would be copied with the text and trip some screen readers.
 *    They are taken out of each result as the theme adds it; the index keeps
 *    them, for matching.
 * 9. Saving text as a file on the reader's device, for the page tools that offer
 *    it (letter-form.js, situation.js): `window.sitegen.saveText(name, text)`.
 * 10. The theme's script is fetched at the reader's first touch, key, scroll or
 *    focus, not with the page: it is about two thirds of a page's compressed
 *    weight, and the page reads without it (the drawer and the search dialog are
 *    HTML toggles; the page's tools are ours). The build leaves it as a data block
 *    naming it (sitegen.postbuild.finish). A key pressed before it arrived is
 *    given to it again, so that a search shortcut still opens the search.
 */
(function () {
  "use strict";

  var SETUP = 0, QUERY = 2; // the theme's worker message types
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/;

  /* ---- 1. Search on every committed change ---------------------------- */

  function isSearchBox(el) {
    return el && el.matches && el.matches("form[name=search] input[name=query]");
  }

  function replayKeyup(box) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  var composing = false;
  document.addEventListener("compositionstart", function (ev) {
    if (isSearchBox(ev.target)) composing = true;
  }, true);
  document.addEventListener("compositionend", function (ev) {
    if (!isSearchBox(ev.target)) return;
    composing = false;
    replayKeyup(ev.target);
  }, true);
  document.addEventListener("input", function (ev) {
    if (isSearchBox(ev.target) && !ev.isComposing && !composing) replayKeyup(ev.target);
  }, true);
  ["keydown", "keyup"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      // keyCode 229: a key the input method is handling (Chromium, Safari).
      if (isSearchBox(ev.target) && (ev.isComposing || composing || ev.keyCode === 229)) {
        ev.stopImmediatePropagation();
      }
    }, true);
  });

  /* ---- 3. Search rules -------------------------------------------------- */

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase().replace(/\u200b/g, "");
  }

  function containsKey(text, key) {
    if (HAN.test(key)) return text.indexOf(key) >= 0;
    var escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp("(^|[^a-z0-9])" + escaped + "(?![a-z0-9])").test(text);
  }

  function Rules(config, docs) {
    var rules = config.rules || { stopwords: [], synonyms: {} };
    this.stop = new Set(rules.stopwords);
    this.synonyms = rules.synonyms;
    this.separator = new RegExp(config.separator || "[\\s\\-]+", "g");
    // Words the index knows (the build cut Chinese into words with zero-width spaces),
    // so a query typed without spaces is cut the same way.
    var vocab = this.vocab = new Set();
    var longest = 1;
    function add(word) {
      if (word && word.length <= 12) {
        vocab.add(word);
        if (word.length > longest) longest = word.length;
      }
    }
    docs.forEach(function (doc) {
      [doc.title, doc.text].forEach(function (field) {
        (field || "").replace(/<[^>]+>/g, " ").toLowerCase().split(/[\s\u200b\u3000\-、。，．？！；：（）“”《》,.?!;:()"]+/)
          .forEach(add);
      });
    });
    rules.stopwords.forEach(add);
    Object.keys(rules.synonyms).forEach(add);
    this.longest = longest;
  }

  // Greedy longest match against the known words; unknown characters stand alone.
  Rules.prototype.cut = function (run) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var size = Math.min(this.longest, run.length - i);
      while (size > 1 && !this.vocab.has(run.substr(i, size))) size--;
      out.push(run.substr(i, size));
      i += size;
    }
    return out;
  };

  Rules.prototype.rewrite = function (query) {
    var text = normalize(query);
    var self = this, words = [], extra = [];
    Object.keys(this.synonyms).forEach(function (key) {
      if (!containsKey(text, key)) return;
      self.synonyms[key].forEach(function (term) { extra.push.apply(extra, term.split(/\s+/)); });
    });
    text.split(/[\s\u3000,.?!;:()"'“”‘’，。？！；：（）、]+/).forEach(function (part) {
      if (!part) return;
      part.split(/([\u3400-\u4dbf\u4e00-\u9fff]+)/).forEach(function (piece) {
        if (!piece) return;
        (HAN.test(piece) ? self.cut(piece) : [piece]).forEach(function (word) {
          if (!self.stop.has(word)) words.push(word);
        });
      });
    });
    var all = [];
    words.concat(extra).forEach(function (word) {
      if (all.indexOf(word) < 0) all.push(word);
    });
    // Nothing left but question words: search as typed rather than for nothing.
    if (!all.length) return query;
    // The theme adds a wildcard to every term, and a wildcard term skips the stemmer, so
    // "sued*" never meets the indexed stem "sue". A word of letters (of any alphabet but Chinese:
    // "créances" meets the French stem "créanc") is sent as a whole word ("sued^1": stemmed like
    // the index), and the last one also as typed, in case it is not finished yet.
    var last = words[words.length - 1];
    return all.map(function (word) {
      if (HAN.test(word) || !/^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u.test(word)) return word;
      return word + "^1" + (word === last && !/\s$/.test(query) ? " " + word : "");
    }).join(" ");
  };

  /* ---- 2. The worker starts on first use --------------------------------- */

  var NativeWorker = window.Worker;
  function LazyWorker(url, options) {
    this.url = url;
    this.options = options;
    this.worker = null;
    this.listeners = [];
    this.rules = null;
  }
  LazyWorker.prototype.start = function () {
    if (this.worker) return this.worker;
    var worker = this.worker = new NativeWorker(this.url, this.options);
    this.listeners.forEach(function (args) { worker.addEventListener.apply(worker, args); });
    return worker;
  };
  LazyWorker.prototype.addEventListener = function (type, listener, options) {
    this.listeners.push([type, listener, options]);
    if (this.worker) this.worker.addEventListener(type, listener, options);
  };
  LazyWorker.prototype.removeEventListener = function (type, listener, options) {
    this.listeners = this.listeners.filter(function (args) { return args[0] !== type || args[1] !== listener; });
    if (this.worker) this.worker.removeEventListener(type, listener, options);
  };
  LazyWorker.prototype.postMessage = function (message, transfer) {
    if (message && message.type === SETUP && message.data && message.data.config) {
      this.rules = new Rules(message.data.config, message.data.docs || []);
      if (message.data.config.lang && !message.data.config.lang.length) {
        var config = Object.assign({}, message.data.config, { lang: ["en"], pipeline: [] });
        message = Object.assign({}, message, { data: Object.assign({}, message.data, { config: config }) });
      }
    } else if (message && message.type === QUERY && this.rules && typeof message.data === "string") {
      message = { type: QUERY, data: this.rules.rewrite(message.data) };
    }
    this.start().postMessage(message, transfer);
  };
  LazyWorker.prototype.terminate = function () {
    if (this.worker) this.worker.terminate();
  };

  if (NativeWorker) {
    var Wrapped = function (url, options) {
      var config = document.getElementById("__config");
      var search = config && JSON.parse(config.textContent).search;
      if (search && String(url).indexOf(search.split("/").pop()) >= 0) return new LazyWorker(url, options);
      return new NativeWorker(url, options);
    };
    Wrapped.prototype = NativeWorker.prototype;
    window.Worker = Wrapped;
  }

  /* ---- 4. Teaching sections --------------------------------------------- */

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    if (target && target.closest("details")) target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.teaching").forEach(function (el) { el.open = true; });
  });

  /* ---- 5. The search form's submit button --------------------------------- */

  function openSearch() {
    var toggle = document.getElementById("__search");
    if (toggle && !toggle.checked) toggle.click(); // the theme opens its search on this toggle's change
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[name=search]")) return;
    ev.preventDefault();
    openSearch();
    var first = form.parentElement.querySelector(".md-search-result__list a");
    (first || form.elements.query).focus();
  });
  // Tab from the box closes the theme's search, and reaches the button next: the button opens
  // it again, so that it is seen where it is (on a phone, inside the search dialog).
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches && ev.target.matches("form[name=search] [type=submit]")) openSearch();
  });

  /* ---- 6. Toggles closed after going Back ---------------------------------- */

  // A browser restores form state without a `change` event (Chromium after `load`, just
  // before `pageshow`); the theme opens a toggle with a click, which has one (`?q=` opens
  // search). A page from the back/forward cache is shown as it was left, as before.
  var TOGGLES = ["__drawer", "__search"];
  var opened = {};
  document.addEventListener("change", function (ev) {
    if (TOGGLES.indexOf(ev.target.id) >= 0) opened[ev.target.id] = ev.target.checked;
  }, true);
  window.addEventListener("pageshow", function (ev) {
    if (ev.persisted) return;
    TOGGLES.forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked && !opened[id]) toggle.click(); // a click: the theme sees it close
    });
  });

  /* ---- 7. Quick exit -------------------------------------------------------- */

  var EXIT_WITHIN = 1000; // ms between the two presses of Esc
  var lastEscape = -Infinity;

  function leave() {
    var link = document.querySelector("a.quick-exit");
    if (!link) return;
    var policy = document.createElement("meta"); // no Referer to the neutral site, as the link's rel says
    policy.name = "referrer";
    policy.content = "no-referrer";
    document.head.appendChild(policy);
    if (document.body) document.body.hidden = true; // nothing left to see while it loads
    location.replace(link.href);
  }

  // Every click, with a modifier key too: a new tab would leave this page open.
  document.addEventListener("click", function (ev) {
    if (!ev.target.closest || !ev.target.closest("a.quick-exit")) return;
    ev.preventDefault();
    leave();
  });
  // Capture, and never stopped: the theme still sees the first press (it closes the search).
  // A held key's repeats and an input method's Esc (which cancels a candidate) do not count.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" || ev.repeat || ev.isComposing || ev.keyCode === 229) return;
    var now = Date.now();
    if (now - lastEscape <= EXIT_WITHIN) leave();
    lastEscape = now;
  }, true);

  /* ---- 8. Search results without zero-width spaces --------------------------- */

  function dropZeroWidth(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.nodeValue.indexOf("\u200b") >= 0) text.nodeValue = text.nodeValue.replace(/\u200b/g, "");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    // Child lists only: the text changed here is not a child list change, so it is not seen again.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType === 1) dropZeroWidth(node);
        });
      });
    }).observe(list, { childList: true, subtree: true });
  });

  /* ---- 9. Save text as a file ----------------------------------------------- */

  window.sitegen = window.sitegen || {};
  window.sitegen.saveText = function (name, text) {
    // A byte-order mark and CRLF line ends, so Windows Notepad shows the Chinese and the lines.
    var blob = new Blob(["\ufeff" + text.replace(/\r?\n/g, "\r\n")], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);  // once the browser has saved it
  };

  /* ---- 10. The theme's script, fetched at first use --------------------------- */

  var FIRST_USE = ["pointerdown", "touchstart", "keydown", "focusin", "scroll", "wheel"];
  var themeRequested = false;
  var themeHere = false;

  function isEditable(el) {
    return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName || "");
  }

  // A key with no modifier, outside a text field: one of the theme's shortcuts, or a letter the page ignores.
  function isShortcut(ev) {
    return ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !isEditable(ev.target);
  }

  // The first key, which fetched the theme, is given to it again: its shortcuts (a text field has the key
  // already, and a search key that focusSearchOnKey has handled is done).
  function giveKeyAgain(ev) {
    if (!isShortcut(ev) || ev.defaultPrevented) return;
    ev.target.dispatchEvent(new KeyboardEvent("keydown", {
      key: ev.key, code: ev.code, shiftKey: ev.shiftKey, bubbles: true, cancelable: true
    }));
  }

  // The theme opens its search when the box gets focus, and focuses the box when its search opens: what
  // happened before it arrived is told to it again (the box's focus), or done here (a search opened).
  function themeArrived(ev) {
    var toggle = document.getElementById("__search");
    var form = document.forms.namedItem("search");
    var box = form && form.elements.query;
    if (box && document.activeElement === box) box.dispatchEvent(new FocusEvent("focus"));
    else if (box && toggle && toggle.checked) box.focus();
    if (ev && ev.type === "keydown") giveKeyAgain(ev);
  }

  // The theme focuses the box when its search button is tapped (a focus in the tap's own handler brings
  // up a phone's keyboard). Until it arrives this does the same, so what the reader types lands in the box:
  // for a tap that opens the search (the search's own close button is a label for the same toggle).
  function focusSearchBox(ev) {
    var toggle = document.getElementById("__search");
    if (themeHere || !toggle || toggle.checked || !ev.target.closest || !ev.target.closest("header [for=__search]")) return;
    var form = document.forms.namedItem("search");
    if (form) form.elements.query.focus();
  }

  // The theme's search keys focus the box (and the focus opens the search). Until it arrives this does the
  // same, at once, for every press, not only the first: the words typed next land in the box.
  var SEARCH_KEYS = ["f", "s", "/"];
  function focusSearchOnKey(ev) {
    var toggle = document.getElementById("__search");
    var form = document.forms.namedItem("search");
    if (themeHere || !form || (toggle && toggle.checked) || SEARCH_KEYS.indexOf(ev.key) < 0 || !isShortcut(ev)) return;
    ev.preventDefault();  // the key itself is not typed into the box
    form.elements.query.focus();
  }

  // The theme opens its search when the box gets focus; until it arrives, this opens it. A task later: a tap
  // on the search button toggles the search itself once its click (which focused the box) is handled.
  function openSearchOnFocus(ev) {
    if (themeHere || !ev.target.matches || !ev.target.matches("form[name=search] [name=query]")) return;
    window.setTimeout(function () {
      if (!themeHere && document.activeElement === ev.target) openSearch();
    }, 0);
  }

  // The theme closes its search on Escape and takes the focus from the box; until it arrives, this does
  // (the search the box's focus opened). The exit's own count of Escape presses (section 7) is unchanged.
  function closeSearchOnEscape(ev) {
    var toggle = document.getElementById("__search");
    if (themeHere || ev.key !== "Escape" || ev.isComposing || ev.keyCode === 229 || !toggle || !toggle.checked) return;
    toggle.click();
    if (isEditable(document.activeElement)) document.activeElement.blur();
  }

  function loadTheme(ev) {
    if (themeRequested) return;
    if (document.readyState === "loading") {  // the data blocks come after this script
      document.addEventListener("DOMContentLoaded", function () { loadTheme(ev); });
      return;
    }
    themeRequested = true;
    FIRST_USE.forEach(function (type) { window.removeEventListener(type, loadTheme, true); });
    document.querySelectorAll("script[data-deferred-script]").forEach(function (block) {
      var script = document.createElement("script");
      script.src = JSON.parse(block.textContent);
      script.async = false;  // in page order
      script.onload = function () { themeHere = true; themeArrived(ev); };
      block.parentNode.insertBefore(script, block.nextSibling);
    });
  }

  // What the theme's script would do first: its styles show the search button and box to a page with
  // scripts only (the rest of `.no-js` only sizes the sidebars by their content, as without a script).
  document.documentElement.classList.replace("no-js", "js");
  FIRST_USE.forEach(function (type) {
    window.addEventListener(type, loadTheme, { capture: true, passive: true });
  });
  document.addEventListener("click", focusSearchBox);
  document.addEventListener("focusin", openSearchOnFocus);
  document.addEventListener("keydown", closeSearchOnEscape);
  document.addEventListener("keydown", focusSearchOnKey);
  if (/[?&]q=/.test(location.search)) loadTheme();  // a search link: the theme opens the search with it
})();
