// The article view's safety net for recall: click a sentence to make it a commitment (the
// form comes pre-filled with the import's best guess), select words of the lead to make them
// a meeting. Offsets come from the data-start of the element around each piece of text.
"use strict";
(function () {
  function text() {
    return document.getElementById("article-text");
  }

  function flash(message) {
    const box = document.getElementById("article-flash");
    box.textContent = message;
    box.hidden = false;
  }

  function offsetOf(node, offset) {
    const holder = (node.nodeType === 3 ? node.parentElement : node).closest("[data-start]");
    if (!holder) return null;
    // Count the characters before `node` inside the holder (a <mark> may sit in between).
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
    let before = 0;
    while (walker.nextNode()) {
      if (walker.currentNode === node) return Number(holder.dataset.start) + before + offset;
      before += walker.currentNode.textContent.length;
    }
    return Number(holder.dataset.start) + offset;
  }

  function send(form) {
    return fetch(text().dataset.url, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) { return response.json(); });
  }

  function openCommitment(sentence) {
    const panel = document.getElementById("new-commitment");
    const form = document.getElementById("new-commitment-form");
    document.querySelectorAll(".ct-sentence.ct-chosen").forEach(function (el) {
      el.classList.remove("ct-chosen");
    });
    sentence.classList.add("ct-chosen");
    form.elements.start.value = sentence.dataset.start;
    form.elements.end.value = sentence.dataset.end;
    document.getElementById("new-commitment-sentence").textContent = sentence.textContent;
    const url = text().dataset.url + "?guess=1&start=" + sentence.dataset.start + "&end=" + sentence.dataset.end;
    panel.hidden = false;
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (guess) {
        if (!guess.ok) return;
        const kind = form.querySelector('input[name="kind"][value="' + guess.kind + '"]');
        if (kind) kind.checked = true;
        form.elements.meeting.value = guess.meeting || "";
        ["actors", "targets"].forEach(function (name) {
          const box = form.querySelector('input[type="hidden"][name="' + name + '"]').closest(".ct-chips");
          box.ctClear();
          guess[name].forEach(box.ctAdd);
        });
        panel.dataset.ready = "1";
        document.getElementById("new-commitment-submit").focus({ preventScroll: true });
      });
  }

  document.addEventListener("click", function (event) {
    const sentence = event.target.closest(".ct-sentence");
    if (sentence && window.getSelection().isCollapsed) openCommitment(sentence);
  });

  document.addEventListener("keydown", function (event) {
    const sentence = event.target.closest && event.target.closest(".ct-sentence");
    if (sentence && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openCommitment(sentence);
    }
  });

  document.addEventListener("selectionchange", function () {
    const selection = window.getSelection();
    const lead = document.getElementById("article-lead");
    const panel = document.getElementById("new-meeting");
    if (!lead || !panel || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!lead.contains(range.startContainer) || !lead.contains(range.endContainer)) return;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    const form = document.getElementById("new-meeting-form");
    form.elements.start.value = start;
    form.elements.end.value = end;
    document.getElementById("new-meeting-title").textContent = selection.toString();
    panel.hidden = false;
  });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.id !== "new-commitment-form" && form.id !== "new-meeting-form") return;
    event.preventDefault();
    send(form).then(function (answer) {
      flash(answer.message);
      if (!answer.ok) return;
      if (form.id === "new-meeting-form") {
        document.getElementById("new-meeting").hidden = true;
        const option = document.createElement("option");
        option.value = answer.meeting.value;
        option.textContent = answer.meeting.label;
        document.getElementById("new-commitment-meeting").appendChild(option);
        return;
      }
      const chosen = document.querySelector(".ct-sentence.ct-chosen");
      if (chosen) {
        const holder = document.createElement("span");
        holder.innerHTML = answer.html;
        chosen.replaceWith(holder.firstElementChild);
      }
      document.getElementById("new-commitment").hidden = true;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    window.ctChips.setUp(document);
    const cancel = document.getElementById("new-commitment-cancel");
    if (cancel) cancel.addEventListener("click", function () {
      document.getElementById("new-commitment").hidden = true;
    });
  });
})();
