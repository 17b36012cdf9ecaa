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
