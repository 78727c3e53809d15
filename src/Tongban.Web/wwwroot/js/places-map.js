// Draws the boundaries of an area's children on a blank Leaflet map (no tile server); each child links to its page.
(function () {
  "use strict";
  var element = document.getElementById("places-map");
  if (!element || !window.L) { return; }

  var map = L.map(element, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });

  function showMessage(text) {
    var note = document.createElement("p");
    note.className = "places-map-message";
    note.textContent = text;
    element.appendChild(note);
  }

  function styleFor(feature) {
    if (feature.properties && feature.properties.role === "self") {
      return { color: "#5f6b7a", weight: 2, dashArray: "6 4", fill: false };
    }
    return { color: "#b4232a", weight: 2, fillColor: "#b4232a", fillOpacity: 0.12 };
  }

  function popupFor(properties) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.name + "（" + properties.levelName + "）";
    box.appendChild(title);
    var code = document.createElement("div");
    code.textContent = properties.code;
    box.appendChild(code);
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = "进入";
    box.appendChild(link);
    return box;
  }

  fetch(element.getAttribute("data-boundary-url"), { credentials: "same-origin", headers: { "Accept": "application/geo+json, application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (collection) {
      if (!collection.features || collection.features.length === 0) {
        map.setView([35, 105], 4);
        showMessage("尚未设置边界。");
        return;
      }
      var layer = L.geoJSON(collection, {
        style: styleFor,
        onEachFeature: function (feature, shape) {
          var p = feature.properties || {};
          if (p.role === "self") { return; }
          shape.bindTooltip(p.name, { permanent: true, direction: "center", className: "places-map-label" });
          shape.bindPopup(popupFor(p));
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [16, 16] });
    })
    .catch(function () {
      map.setView([35, 105], 4);
      showMessage("边界加载失败，请刷新页面重试。");
    });
})();
