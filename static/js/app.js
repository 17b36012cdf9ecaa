// KLA Metro page behaviour, kept out of the HTML so the Content Security Policy can forbid inline code.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});

document.addEventListener("click", function (event) {
  var target = event.target.closest && event.target.closest("[data-print]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});

// Formsets: "Tambah" appends a blank row from the formset's empty form and counts it in TOTAL_FORMS.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  var prefix = button.getAttribute("data-formset-add");
  var form = button.form;
  var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var rows = form.querySelector('[data-formset-rows="' + prefix + '"]');
  var template = form.querySelector('template[data-formset-template="' + prefix + '"]');
  if (!total || !rows || !template) {
    return;
  }
  // Handled here, so the button does not also submit the form (its fallback without JS).
  event.preventDefault();
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__nomor__/g, String(index + 1));
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select, textarea");
  if (first) {
    first.focus();
  }
});

// A table that scrolls sideways in its wrapper can be scrolled with the keyboard: while it is wider than the
// wrapper, the wrapper takes focus and is a named region (its table's caption, or the heading above it).
function tabelGulirTandai() {
  document.querySelectorAll(".table-responsive").forEach(function (wrapper) {
    if (wrapper.hasAttribute("tabindex") && !wrapper.hasAttribute("data-gulir")) {
      return;
    }
    if (wrapper.scrollWidth > wrapper.clientWidth) {
      if (!wrapper.hasAttribute("data-gulir")) {
        wrapper.setAttribute("data-gulir", "");
        wrapper.setAttribute("tabindex", "0");
        if (!wrapper.hasAttribute("role")) {
          wrapper.setAttribute("role", "region");
        }
        if (!wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
          wrapper.setAttribute("aria-label", tabelGulirNama(wrapper));
        }
      }
    } else if (wrapper.hasAttribute("data-gulir")) {
      wrapper.removeAttribute("data-gulir");
      wrapper.removeAttribute("tabindex");
    }
  });
}

function tabelGulirNama(wrapper) {
  var table = wrapper.querySelector("table");
  var caption = table && table.querySelector("caption");
  if (caption && caption.textContent.trim()) {
    return caption.textContent.trim();
  }
  if (table && table.getAttribute("aria-label")) {
    return table.getAttribute("aria-label");
  }
  // The nearest heading before the wrapper in document order.
  var headings = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
  for (var i = headings.length - 1; i >= 0; i--) {
    if (headings[i].compareDocumentPosition(wrapper) & Node.DOCUMENT_POSITION_FOLLOWING) {
      return headings[i].textContent.trim().replace(/\s+/g, " ");
    }
  }
  return document.title;
}

tabelGulirTandai();
window.addEventListener("load", tabelGulirTandai);
window.addEventListener("resize", tabelGulirTandai);
document.addEventListener("htmx:afterSettle", tabelGulirTandai);
