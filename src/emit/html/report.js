// claimlint report: the filters, and highlights that lead to their
// explanation. A checkbox hides its severity or category with a class on
// <body>; the rules that do the hiding are in the stylesheet.
"use strict";
(function () {
  document.documentElement.classList.add("js");
  var filters = document.getElementById("filters");
  if (filters) {
    filters.hidden = false;
    filters.addEventListener("change", function (event) {
      var box = event.target;
      if (box && box.type === "checkbox" && box.value) {
        document.body.classList.toggle("hide-" + box.value, !box.checked);
      }
    });
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-f]");
    if (mark) {
      location.hash = "#" + mark.getAttribute("data-f");
    }
  });
})();
