// Review queue keyboard: j/k move between items, c confirms, x rejects, e edits.
"use strict";
(function () {
  function items() {
    return Array.from(document.querySelectorAll(".ct-item"));
  }

  function current() {
    const active = document.activeElement && document.activeElement.closest(".ct-item");
    return active || items()[0] || null;
  }

  function focusItem(item) {
    if (!item) return;
    item.focus();
    item.scrollIntoView({ block: "center" });
  }

  function press(item, action) {
    const button = item && item.querySelector('button[value="' + action + '"]');
    if (button) button.click();
  }

  // After a confirm or reject, come back to the item that followed this one.
  document.addEventListener("submit", function (event) {
    const item = event.target.closest(".ct-item");
    const next = event.target.querySelector('input[name="next"]');
    if (!item || !next) return;
    const all = items();
    const following = all[all.indexOf(item) + 1];
    next.value = following ? following.id : "";
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const all = items();
    const item = current();
    const index = all.indexOf(item);
    switch (event.key) {
      case "j":
        focusItem(all[Math.min(index + 1, all.length - 1)]);
        break;
      case "k":
        focusItem(all[Math.max(index - 1, 0)]);
        break;
      case "c":
        press(item, "confirm");
        break;
      case "x":
        press(item, "reject");
        break;
      case "e":
        if (item && item.dataset.edit) window.location.href = item.dataset.edit;
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    focusItem(target && target.classList.contains("ct-item") ? target : items()[0]);
  });
})();
