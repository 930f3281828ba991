// Review queue: decide, undo and edit in place without reloading the page.
// Keys: j/k move, c confirm, x reject, u undo, e edit here, 1-4 kind, Esc close the editor.
// Every form also works without this script (the server then answers with a redirect).
"use strict";
(function () {
  const KINDS = ["pledge", "agreement", "support", "proposal"];
  let lastMessage = "";

  function root() {
    return document.getElementById("ct-review");
  }

  function items() {
    return Array.from(document.querySelectorAll("#queue-main .ct-item"));
  }

  function isPending(item) {
    return item.dataset.state === "extracted";
  }

  function current() {
    const active = document.activeElement && document.activeElement.closest(".ct-item");
    return active || document.querySelector("#queue-main .ct-item.ct-current") || null;
  }

  function focusItem(item) {
    if (!item) return;
    document.querySelectorAll(".ct-item.ct-current").forEach(function (el) {
      el.classList.remove("ct-current");
    });
    item.classList.add("ct-current");
    item.focus({ preventScroll: true });
    const box = item.getBoundingClientRect();
    if (box.top < 60 || box.bottom > window.innerHeight) {
      item.scrollIntoView({ block: "center" });
    }
  }

  function firstItem() {
    const all = items();
    return (
      all.find(function (i) { return i.classList.contains("ct-commitment") && isPending(i); }) ||
      all.find(isPending) ||
      all[0]
    );
  }

  // The next pending item after `item`, then any pending item before it.
  function nextPending(item) {
    const all = items();
    const index = all.indexOf(item);
    return all.slice(index + 1).find(isPending) || all.slice(0, Math.max(index, 0)).find(isPending);
  }

  function flash(text, undo) {
    const box = document.getElementById("flash");
    if (!box) return;
    lastMessage = text;
    document.getElementById("flash-text").textContent = text;
    const button = document.getElementById("undo-button");
    if (button) button.hidden = !undo;
    box.hidden = false;
  }

  function filtersQuery() {
    const filters = root().dataset.filters;
    return filters ? "&" + filters : "";
  }

  // --- talking to the server -------------------------------------------------------------------

  function post(form, submitter) {
    const data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    const article = root().dataset.article;
    if (article) data.set("article", article);
    return fetch(root().dataset.url, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, message: response.status + " " + response.statusText };
      });
    });
  }

  function applyAnswer(answer) {
    Object.keys(answer.cards || {}).forEach(function (id) {
      const old = document.getElementById(id);
      if (!old) return;
      const holder = document.createElement("div");
      holder.innerHTML = answer.cards[id].trim();
      const card = holder.firstElementChild;
      old.replaceWith(card);
      setUp(card);
    });
    Object.keys(answer.states || {}).forEach(function (id) {
      const card = document.getElementById(id);
      if (card) showState(card, answer.states[id]);
    });
    if (answer.remaining) document.getElementById("remaining").innerHTML = answer.remaining;
    updateBulkButtons();
    flash(answer.message, answer.undo);
  }

  // A decision or its undo: the card's review state, its badge and the version its editor
  // must send next.
  function showState(card, change) {
    card.dataset.state = change.state;
    ["extracted", "confirmed", "rejected"].forEach(function (name) {
      card.classList.toggle("ct-state-" + name, name === change.state);
    });
    let badge = card.querySelector("header .ct-decided");
    if (change.state === "extracted") {
      if (badge) badge.remove();
    } else {
      if (!badge) {
        badge = document.createElement("span");
        card.querySelector("header .ct-badge").after(" ", badge);
      }
      badge.className = "ct-decided ct-decided-" + change.state;
      badge.textContent = (change.state === "confirmed" ? "✓ " : "✗ ") + change.label;
    }
    const version = card.querySelector('input[name="version"]');
    if (version && change.version) version.value = change.version;
  }

  function afterDecision(item) {
    const next = item && nextPending(item);
    if (next) {
      focusItem(next);
    } else if (!items().some(isPending)) {
      loadArticle(root().dataset.url + "?after=" + root().dataset.article + filtersQuery());
    } else if (item) {
      focusItem(document.getElementById(item.id) || firstItem());
    }
  }

  function loadArticle(url) {
    return fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        const page = new DOMParser().parseFromString(html, "text/html");
        const fresh = page.getElementById("ct-review");
        if (!fresh) return;
        const old = root();
        old.replaceWith(document.adoptNode(fresh));
        const article = root().dataset.article;
        window.history.replaceState(null, "", article ? "?article=" + article + filtersQuery() : "?");
        setUp(root());
        updateBulkButtons();
        if (lastMessage) flash(lastMessage, true);
        focusItem(firstItem());
      });
  }

  function submit(form, submitter) {
    const item = form.closest(".ct-item");
    if (form.hasAttribute("data-bulk") && submitter) {
      const count = bulkCount(form);
      const text = (count === 1 ? submitter.dataset.one : submitter.dataset.many) || "";
      if (!window.confirm(text.replace("{n}", count))) return;
    }
    form.classList.add("ct-busy");
    return post(form, submitter).then(function (answer) {
      form.classList.remove("ct-busy");
      if (!answer.ok) {
        flash(answer.message, !document.getElementById("undo-button").hidden);
        return;
      }
      const undoing = form.classList.contains("ct-undo-form");
      const editing = form.classList.contains("ct-editor");
      applyAnswer(answer);
      if (undoing) {
        if (answer.article && String(answer.article) !== root().dataset.article) {
          return loadArticle(root().dataset.url + "?article=" + answer.article + filtersQuery());
        }
        const back = Object.keys(answer.states)
          .map(function (id) { return document.getElementById(id); })
          .filter(Boolean);
        focusItem(back[0] || firstItem());
      } else if (editing && !(submitter && submitter.value === "confirm")) {
        focusItem(document.getElementById(item.id));
      } else {
        afterDecision(item ? document.getElementById(item.id) : null);
      }
    });
  }

  function bulkCount(form) {
    const group = form.dataset.group;
    let scope = items();
    if (group) {
      scope = scope.filter(function (i) {
        return i.classList.contains("ct-commitment") && i.dataset.meeting === group;
      });
    }
    return scope.filter(isPending).length;
  }

  function updateBulkButtons() {
    document.querySelectorAll("form[data-bulk]").forEach(function (form) {
      form.hidden = bulkCount(form) === 0;
    });
  }

  function setKind(item, kind) {
    const editor = item.querySelector(".ct-editor");
    if (!editor) return;
    if (!editor.hidden) {
      const radio = editor.querySelector('input[name="kind"][value="' + kind + '"]');
      if (radio) radio.checked = true;
      return;
    }
    const form = document.createElement("form");
    ["csrfmiddlewaretoken", "action", "pk", "version"].forEach(function (name) {
      const input = editor.querySelector('input[name="' + name + '"]');
      form.appendChild(input.cloneNode());
    });
    const input = document.createElement("input");
    input.name = "kind";
    input.value = kind;
    form.appendChild(input);
    form.className = "ct-editor";
    item.appendChild(form);
    form.hidden = true;
    submit(form, null);
  }

  function toggleEditor(item, open) {
    const editor = item && item.querySelector(".ct-editor");
    if (!editor) return;
    editor.hidden = !open;
    const toggle = item.querySelector(".ct-open-editor");
    if (toggle) toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      (editor.querySelector('input[name="kind"]:checked') || editor.querySelector("input, textarea")).focus();
    } else {
      focusItem(item);
    }
  }

  function setUp(scope) {
    window.ctChips.setUp(scope);
  }

  // --- events ----------------------------------------------------------------------------------

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!root() || !form.matches(".ct-decide, .ct-editor, .ct-undo-form")) return;
    event.preventDefault();
    submit(form, event.submitter);
  });

  document.addEventListener("click", function (event) {
    const opener = event.target.closest(".ct-open-editor");
    if (opener) toggleEditor(opener.closest(".ct-item"), true);
    const closer = event.target.closest(".ct-close-editor");
    if (closer) toggleEditor(closer.closest(".ct-item"), false);
    const item = event.target.closest("#queue-main .ct-item");
    if (item) {
      document.querySelectorAll(".ct-item.ct-current").forEach(function (el) {
        el.classList.remove("ct-current");
      });
      item.classList.add("ct-current");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (!root() || event.ctrlKey || event.metaKey || event.altKey) return;
    const item = current();
    if (event.key === "Escape" && item && item.querySelector(".ct-editor:not([hidden])")) {
      toggleEditor(item, false);
      event.preventDefault();
      return;
    }
    if (event.target.closest("input:not([type=radio]), textarea, select, [contenteditable]")) return;
    if (event.target.closest(".ct-editor") && !/^[1-4]$/.test(event.key)) return;
    const all = items();
    const index = all.indexOf(item);
    const press = function (value) {
      const button = item && item.querySelector('.ct-decide button[value="' + value + '"]');
      if (button) button.click();
    };
    switch (event.key) {
      case "j":
        focusItem(all[Math.min(index + 1, all.length - 1)]);
        break;
      case "k":
        focusItem(all[Math.max(index - 1, 0)]);
        break;
      case "c":
        press("confirm");
        break;
      case "x":
        press("reject");
        break;
      case "u": {
        const undo = document.getElementById("undo-button");
        if (undo && !undo.hidden) undo.click();
        break;
      }
      case "e":
        if (item && item.querySelector(".ct-editor")) toggleEditor(item, true);
        else if (item && item.dataset.edit) window.location.href = item.dataset.edit;
        break;
      case "1":
      case "2":
      case "3":
      case "4":
        if (item && item.classList.contains("ct-commitment")) setKind(item, KINDS[Number(event.key) - 1]);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  function start() {
    if (!root()) return;
    setUp(document);
    updateBulkButtons();
    const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    focusItem(target && target.classList.contains("ct-item") ? target : firstItem());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
