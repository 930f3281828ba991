// Chips with autocomplete for parties and topics: a hidden input holds the codes, comma
// separated; typing asks the server's look-up, Enter takes the first (best ranked) answer.
"use strict";
(function () {
  let counter = 0;

  function setUpChips(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    box.dataset.uid = "chips-" + (++counter);
    const hidden = box.querySelector('input[type="hidden"]');
    const list = box.querySelector(".ct-chip-list");
    const input = box.querySelector(".ct-chip-input");
    const options = box.querySelector(".ct-options");
    let results = [];
    let active = 0;
    let timer = null;

    function values() {
      return Array.from(list.querySelectorAll(".ct-chip")).map(function (chip) {
        return chip.dataset.value;
      });
    }

    function sync() {
      hidden.value = values().join(",");
    }

    function addChip(result) {
      if (values().indexOf(result.value) >= 0) return;
      const chip = document.createElement("li");
      chip.className = "ct-chip";
      chip.dataset.value = result.value;
      chip.title = result.label;
      const text = document.createElement("span");
      text.className = "ct-chip-text";
      text.textContent = box.dataset.lookup.indexOf("topics") >= 0 ? result.label : result.value;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "ct-chip-x";
      remove.setAttribute("aria-label", "× " + result.label);
      remove.textContent = "×";
      chip.append(text, remove);
      list.appendChild(chip);
      sync();
    }

    function close() {
      options.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function render() {
      options.innerHTML = "";
      results.forEach(function (result, index) {
        const option = document.createElement("li");
        option.setAttribute("role", "option");
        option.id = box.dataset.uid + "-opt-" + index;
        option.className = index === active ? "ct-active" : "";
        option.setAttribute("aria-selected", String(index === active));
        option.textContent = result.label;
        if (result.via) {
          const via = document.createElement("small");
          via.textContent = " · " + result.via;
          option.appendChild(via);
        }
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        options.appendChild(option);
      });
      options.hidden = results.length === 0;
      input.setAttribute("aria-expanded", String(results.length > 0));
      if (results.length) input.setAttribute("aria-activedescendant", options.children[active].id);
    }

    let resultsFor = "";

    function fetchResults(query) {
      return fetch(box.dataset.lookup + "&q=" + encodeURIComponent(query), {
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { return data.results; });
    }

    function search() {
      const query = input.value.trim();
      if (!query) {
        results = [];
        close();
        return;
      }
      fetchResults(query).then(function (found) {
        if (input.value.trim() !== query) return;
        results = found;
        resultsFor = query;
        active = 0;
        render();
      });
    }

    function choose(index) {
      if (!results[index]) return;
      addChip(results[index]);
      input.value = "";
      results = [];
      resultsFor = "";
      close();
      input.focus();
    }

    box.ctAdd = addChip;
    box.ctClear = function () {
      list.innerHTML = "";
      sync();
    };

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 80);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        const query = input.value.trim();
        if (!query) return;
        clearTimeout(timer);
        if (query === resultsFor && results.length) {
          choose(active);
          return;
        }
        // Enter right after typing: take the best answer to what was typed, even if the
        // curator has already typed on.
        input.value = "";
        close();
        fetchResults(query).then(function (found) {
          if (found.length) addChip(found[0]);
        });
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!results.length) return;
        active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
        render();
      } else if (event.key === "Escape" && !options.hidden) {
        event.preventDefault();
        event.stopPropagation();
        close();
      } else if (event.key === "Backspace" && !input.value) {
        const last = list.querySelector(".ct-chip:last-child");
        if (last) {
          last.remove();
          sync();
        }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    list.addEventListener("click", function (event) {
      const remove = event.target.closest(".ct-chip-x");
      if (!remove) return;
      remove.closest(".ct-chip").remove();
      sync();
      input.focus();
    });
  }

  window.ctChips = {
    setUp: function (scope) {
      scope.querySelectorAll(".ct-chips").forEach(setUpChips);
    },
  };
})();
