// Regions of the chosen country only. A select with data-filter-by="<id of the country select>" holds one
// <optgroup data-country="<code>"> per country; once a country is chosen, only its group stays in the list (an
// option hidden by CSS stays reachable by keyboard in some browsers, so the other groups are taken out and kept
// here). Without this script the page still works: every region is listed under its country, and the server
// refuses a region of another country.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-filter-by]");
  Array.prototype.forEach.call(selects, function (regions) {
    var country = document.getElementById(regions.getAttribute("data-filter-by"));
    if (!country) { return; }
    var groups = Array.prototype.slice.call(regions.querySelectorAll("optgroup[data-country]"));
    var hint = document.getElementById(regions.id + "-hint");

    function show() {
      var chosen = country.value;
      var kept = regions.value;
      var shown = groups.filter(function (group) {
        return !chosen || group.getAttribute("data-country") === chosen;
      });
      if (!shown.length) { shown = groups; }  // a country without regions here: offer them all, as without script
      groups.forEach(function (group) {
        if (group.parentNode === regions) { regions.removeChild(group); }
      });
      shown.forEach(function (group) { regions.appendChild(group); });
      var stillThere = shown.some(function (group) {
        return Array.prototype.some.call(group.options || group.children, function (option) {
          return option.value === kept;
        });
      });
      regions.value = stillThere ? kept : "";
      if (hint) {
        var text = hint.getAttribute(chosen && shown.length < groups.length ? "data-one-country" : "data-all-regions");
        if (text) { hint.textContent = text; }
      }
    }

    country.addEventListener("change", show);
    show();
  });
}());
