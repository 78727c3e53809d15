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

  // "滨河社区第一网格" inside 滨河社区 is labelled "第一网格".
  function shortName(name, parentName) {
    if (parentName && name.indexOf(parentName) === 0 && name.length > parentName.length) { return name.slice(parentName.length); }
    return name;
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
      var children = collection.features.filter(function (f) { return f.properties && f.properties.role === "child"; });
      // Labels stay on only when each child has room; otherwise they show on hover and the popup on tap.
      var parentName = element.getAttribute("data-area-name") || "";
      var longest = children.reduce(function (n, f) { return Math.max(n, shortName(f.properties.name, parentName).length); }, 0);
      var permanent = element.clientWidth / Math.max(1, children.length) >= longest * 13 + 12;
      var layer = L.geoJSON(collection, {
        style: styleFor,
        onEachFeature: function (feature, shape) {
          var p = feature.properties || {};
          if (p.role === "self") { return; }
          shape.bindTooltip(shortName(p.name, parentName), { permanent: permanent, direction: "center", className: "places-map-label" });
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
