// Forms: a filter box over long checkbox lists, and a warning before leaving a form changed but not saved.
(function () {
  function normal(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }

  function filterSetup(root) {
    var boxes = root.querySelectorAll ? root.querySelectorAll("[data-daftar-centang-cari]") : [];
    Array.prototype.forEach.call(boxes, function (box) {
      box.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-daftar-centang-cari]")) {
      return;
    }
    var list = box.closest("[data-daftar-centang]");
    var words = normal(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(list.querySelectorAll("[data-daftar-centang-pilihan]"), function (item) {
      var text = normal(item.textContent);
      var match = words.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      item.hidden = !match;
      shown += match ? 1 : 0;
    });
    var empty = list.querySelector("[data-daftar-centang-kosong]");
    if (empty) {
      empty.hidden = shown > 0;
    }
  });

  // Enter in the filter box narrows the list; it must not submit the form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-daftar-centang-cari]")) {
      event.preventDefault();
    }
  });

  function changed(form) {
    if (form.hasAttribute("data-belum-tersimpan")) {
      return true;
    }
    return Array.prototype.some.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "hidden" || el.type === "submit" || el.type === "button") {
        return false;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        return el.checked !== el.defaultChecked;
      }
      if (el.type === "file") {
        return el.value !== "";
      }
      if (el.tagName === "SELECT") {
        var options = Array.prototype.slice.call(el.options);
        var hasDefault = options.some(function (option) {
          return option.defaultSelected;
        });
        if (!hasDefault) {
          return el.multiple ? el.selectedIndex !== -1 : el.selectedIndex > 0;
        }
        return options.some(function (option) {
          return option.selected !== option.defaultSelected;
        });
      }
      return el.value !== el.defaultValue;
    });
  }

  // The form being sent is not "left": only the others would lose what was typed in them.
  var sending = null;
  document.addEventListener("submit", function (event) {
    sending = event.target;
  });

  window.addEventListener("beforeunload", function (event) {
    var forms = document.querySelectorAll("form[data-jaga-perubahan]");
    var unsaved = Array.prototype.some.call(forms, function (form) {
      return form !== sending && changed(form);
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A section saved by htmx is replaced whole: ask first when another form in it has unsaved changes.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    var target = event.detail.target;
    var message = form.getAttribute && form.getAttribute("data-lain-hilang");
    if (!message || !target) {
      return;
    }
    var others = Array.prototype.filter.call(target.querySelectorAll("form[data-jaga-perubahan]"), function (other) {
      return other !== form && changed(other);
    });
    if (others.length && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    filterSetup(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    sending = null;
    filterSetup(event.target);
  });
})();
