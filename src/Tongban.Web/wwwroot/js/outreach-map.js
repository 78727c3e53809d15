// Desk coverage: each building a dot, green if a mobile desk was held within N days, red if longer ago, grey if never.
(function () {
  "use strict";
  var element = document.getElementById("desk-map");
  if (!element || !window.L) { return; }
  fetch(element.getAttribute("data-source"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      var points = data.buildings.filter(function (b) { return b.latitude !== null && b.longitude !== null; });
      if (points.length === 0) { element.textContent = "楼栋没有坐标，无法显示地图。"; return; }
      var map = L.map(element, { attributionControl: false, scrollWheelZoom: false });
      var bounds = [];
      points.forEach(function (b) {
        var colour = b.lastDesk === null ? "#6b7280" : (b.stale ? "#dc2626" : "#16a34a");
        var marker = L.circleMarker([b.latitude, b.longitude], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.8, weight: 1 }).addTo(map);
        var text = b.building + "：" + (b.lastDesk === null ? "从未开展流动办公" : "上次 " + b.lastDesk + "（" + b.daysSince + "天前）") + (b.nextDesk ? "；下次 " + b.nextDesk : "");
        marker.bindPopup(document.createTextNode(text).textContent);
        marker.bindTooltip(b.building);
        bounds.push([b.latitude, b.longitude]);
      });
      map.fitBounds(bounds, { padding: [20, 20] });
    });
})();
