// Small helpers for every page: highlight toggles, rows that jump to their words,
// the read-token form and downloads that need the token. No framework, no build step.
(function () {
  "use strict";
  var TOKEN_COOKIE = "vanban_token";

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }

  function legendToggles() {
    var text = document.getElementById("doc-text");
    if (!text) return;
    document.querySelectorAll("input[data-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("off-" + box.dataset.toggle, !box.checked);
      });
    });
  }

  function clickableRows() {
    document.querySelectorAll("tr[data-href]").forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) return; // the link itself navigates
        location.hash = row.dataset.href;
      });
    });
  }

  function readTokenForm() {
    var form = document.getElementById("read-token-form");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = document.getElementById("read-token").value.trim();
      document.cookie = TOKEN_COOKIE + "=" + encodeURIComponent(value) + "; path=/; SameSite=Strict";
      location.reload();
    });
  }

  // When the server wants the token for reads, fetch the export with it and save the file.
  function tokenDownloads() {
    document.querySelectorAll("a[data-needs-token]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        fetch(link.href, { headers: { Authorization: "Bearer " + readCookie(TOKEN_COOKIE) } })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.blob();
          })
          .then(function (blob) {
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = link.getAttribute("download") || "export.csv";
            document.body.appendChild(a);
            a.click();
            setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
          })
          .catch(function (error) { alert("Không tải được tệp: " + error.message); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    legendToggles();
    clickableRows();
    readTokenForm();
    tokenDownloads();
  });
})();
