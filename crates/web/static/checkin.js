// Check-in desk (CHK-2, CHK-4): instant list filter, one-tap and scanner check-in over fetch,
// camera scanning (BarcodeDetector, else frames decoded by the server), an offline queue kept
// in localStorage and replayed when the connection returns, and live counters.
(function () {
  "use strict";

  function counters() {
    var root = document.getElementById("counters");
    if (!root) { return; }
    var url = "/admin/events/" + root.getAttribute("data-event") + "/checkin/counters";
    function fill(tableId, rows) {
      var body = document.querySelector("#" + tableId + " tbody");
      if (!body) { return; }
      while (body.firstChild) { body.removeChild(body.firstChild); }
      rows.forEach(function (c) {
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = c.label;
        tr.appendChild(th);
        [c.registered, c.present, c.absent].forEach(function (n) {
          var td = document.createElement("td");
          td.textContent = String(n);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }
    function refresh() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) {
          if (!c) { return; }
          document.getElementById("count-registered").textContent = String(c.total.registered);
          document.getElementById("count-present").textContent = String(c.total.present);
          document.getElementById("count-absent").textContent = String(c.total.absent);
          fill("session-counts", c.sessions);
          fill("category-counts", c.categories);
        })
        .catch(function () { /* offline: keep the last figures */ });
    }
    window.setInterval(refresh, 5000);
  }

  function desk() {
    var root = document.getElementById("checkin");
    if (!root) { return; }
    var eventId = root.getAttribute("data-event");
    var csrf = root.getAttribute("data-csrf");
    var base = "/admin/events/" + eventId + "/checkin";
    var queueKey = "agora-checkin-queue-" + eventId;
    var stationKey = "agora-checkin-station";
    var t = function (name) { return root.getAttribute("data-t-" + name) || ""; };
    var station = document.getElementById("station");
    var code = document.getElementById("scan-code");
    var answer = document.getElementById("answer");
    var pending = document.getElementById("pending");
    var pendingCount = document.getElementById("pending-count");
    var presentCount = document.getElementById("present-count");
    var sending = false;

    // Station name, remembered on the device.
    function stationName() { return station.value.trim(); }
    function syncStationFields() {
      document.querySelectorAll(".station-field").forEach(function (f) { f.value = stationName(); });
    }
    if (!station.value && window.localStorage.getItem(stationKey)) {
      station.value = window.localStorage.getItem(stationKey);
    }
    syncStationFields();
    station.addEventListener("change", function () {
      window.localStorage.setItem(stationKey, stationName());
      syncStationFields();
    });
    document.getElementById("station-form").addEventListener("submit", function (e) {
      e.preventDefault();
      window.localStorage.setItem(stationKey, stationName());
      syncStationFields();
      code.focus();
    });

    // The offline queue.
    function readQueue() {
      try { return JSON.parse(window.localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
    }
    function writeQueue(q) {
      window.localStorage.setItem(queueKey, JSON.stringify(q));
      pendingCount.textContent = String(q.length);
      pending.hidden = q.length === 0;
    }
    function enqueue(item) {
      var q = readQueue();
      item.client_id = String(Date.now()) + "-" + Math.random().toString(36).slice(2, 10);
      item.scanned_at = new Date().toISOString();
      item.station = stationName();
      q.push(item);
      writeQueue(q);
    }

    // The big answer.
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text !== undefined) { e.textContent = text; }
      return e;
    }
    function show(a) {
      while (answer.firstChild) { answer.removeChild(answer.firstChild); }
      answer.className = "answer answer-" + a.status;
      var head = el("p", "answer-head");
      var icon = el("span", "answer-icon", a.status === "admitted" ? "✓" : a.status === "already" ? "↺" : a.status === "queued" ? "⏳" : "✕");
      icon.setAttribute("aria-hidden", "true");
      head.appendChild(icon);
      head.appendChild(document.createTextNode(" "));
      var strong = el("strong", "", a.headline);
      strong.id = "answer-headline";
      head.appendChild(strong);
      answer.appendChild(head);
      if (a.name) { var n = el("p", "answer-name", a.name); n.id = "answer-name"; answer.appendChild(n); }
      var who = [a.company, a.category].filter(function (x) { return x; }).join(" · ");
      if (who) { answer.appendChild(el("p", "answer-company", who)); }
      if (a.detail) { var d = el("p", "answer-detail", a.detail); d.id = "answer-detail"; answer.appendChild(d); }
      if (a.participant_id) {
        answer.appendChild(el("p", "answer-meetings-title", a.meetings_title));
        if (a.meetings && a.meetings.length) {
          var ul = el("ul", "answer-meetings");
          a.meetings.forEach(function (m) {
            var li = el("li");
            li.appendChild(el("strong", "", m.time));
            li.appendChild(document.createTextNode(" " + m.with + (m.place ? " · " + m.place : "")));
            ul.appendChild(li);
          });
          answer.appendChild(ul);
        }
        // A forgotten, lost or revoked badge: print or re-issue it from the person's page.
        var badge = el("p", "answer-badge");
        var link = el("a", "", t("badge-link"));
        link.href = "/admin/events/" + root.getAttribute("data-event") + "/participants/" + a.participant_id + "/badge";
        badge.appendChild(link);
        answer.appendChild(badge);
      }
    }
    function markPresent(a) {
      if (!a.participant_id || (a.status !== "admitted" && a.status !== "already")) { return; }
      var li = document.getElementById("person-" + a.participant_id);
      if (!li || li.classList.contains("is-present")) { return; }
      li.classList.remove("is-absent");
      li.classList.add("is-present");
      var state = li.querySelector(".roster-state");
      if (state) { state.textContent = "✓ " + t("present"); }
      var tap = li.querySelector(".tap-form");
      if (tap) { tap.hidden = true; }
      presentCount.textContent = String(parseInt(presentCount.textContent, 10) + 1);
    }

    function post(url, body) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify(body)
      }).then(function (r) {
        var type = r.headers.get("Content-Type") || "";
        if (!r.ok || type.indexOf("application/json") !== 0) { throw new Error("http " + r.status); }
        return r.json();
      });
    }

    // One scan or tap: sent at once when online, else kept for later.
    function submit(url, item) {
      if (!navigator.onLine) {
        enqueue(item);
        show({ status: "queued", headline: t("queued"), detail: t("queued-detail") });
        return Promise.resolve();
      }
      var body = { code: item.code || "", station: stationName(), method: item.method };
      return post(url, body).then(function (a) {
        show(a);
        markPresent(a);
      }).catch(function (err) {
        if (err instanceof TypeError) {
          // The network failed under us: keep the scan.
          enqueue(item);
          show({ status: "queued", headline: t("queued"), detail: t("queued-detail") });
        } else {
          show({ status: "refused", headline: t("error"), detail: "" });
        }
      });
    }

    function flush() {
      var q = readQueue();
      if (sending || q.length === 0 || !navigator.onLine) { return; }
      sending = true;
      var batch = q.slice(0, 200);
      post(base + "/sync", { scans: batch }).then(function (res) {
        var done = {};
        res.results.forEach(function (a) { done[a.client_id] = true; markPresent(a); });
        writeQueue(readQueue().filter(function (s) { return !done[s.client_id]; }));
        if (res.results.length) { show(res.results[res.results.length - 1]); }
        var note = document.getElementById("filter-count");
        if (note) { note.textContent = t("sent"); }
      }).catch(function () { /* still offline: try later */ }).then(function () {
        sending = false;
        if (readQueue().length && navigator.onLine) { window.setTimeout(flush, 500); }
      });
    }
    window.addEventListener("online", flush);
    window.setInterval(flush, 5000);
    writeQueue(readQueue());
    flush();

    // Scanner field: the handheld scanner types the code and Enter.
    document.getElementById("scan-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var value = code.value.trim();
      code.value = "";
      code.focus();
      if (!value) { return; }
      submit(base + "/scan", { code: value, method: "scanner" });
    });

    // One tap in the list.
    document.querySelectorAll(".tap-form").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var li = form.closest("li");
        var id = li.getAttribute("data-id");
        // No refocus on the scanner field here: on a phone it would pop the keyboard up.
        submit(form.getAttribute("action"), { participant_id: parseInt(id, 10), method: "list" });
      });
    });

    // Instant filter.
    var filter = document.getElementById("filter");
    var items = Array.prototype.slice.call(document.querySelectorAll("#roster li"));
    function applyFilter() {
      var needle = filter.value.trim().toLowerCase();
      items.forEach(function (li) {
        li.hidden = needle !== "" && li.getAttribute("data-search").indexOf(needle) === -1;
      });
    }
    filter.addEventListener("input", applyFilter);
    filter.form.addEventListener("submit", function (e) { e.preventDefault(); applyFilter(); });

    // Camera.
    var camera = document.getElementById("camera");
    var toggle = document.getElementById("camera-toggle");
    var video = document.getElementById("camera-video");
    var canvas = document.getElementById("camera-canvas");
    var stream = null;
    var timer = null;
    var last = { code: "", at: 0 };
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) { camera.hidden = false; }
    function found(value) {
      var now = Date.now();
      if (value === last.code && now - last.at < 4000) { return; }
      last = { code: value, at: now };
      submit(base + "/scan", { code: value, method: "camera" });
    }
    function stop() {
      if (timer) { window.clearInterval(timer); timer = null; }
      if (stream) { stream.getTracks().forEach(function (tr) { tr.stop(); }); stream = null; }
      video.hidden = true;
      toggle.textContent = t("camera-start");
    }
    function viaDetector() {
      // eslint-disable-next-line no-undef
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var busy = false;
      timer = window.setInterval(function () {
        if (busy || video.readyState < 2) { return; }
        busy = true;
        detector.detect(video).then(function (codes) {
          if (codes.length) { found(codes[0].rawValue); }
        }).catch(function () {}).then(function () { busy = false; });
      }, 250);
    }
    function viaServer() {
      var busy = false;
      timer = window.setInterval(function () {
        if (busy || video.readyState < 2 || !navigator.onLine) { return; }
        busy = true;
        // At most 1280 px wide: enough for a badge held up to the camera, small to send.
        var scale = Math.min(1, 1280 / (video.videoWidth || 1280));
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob) { busy = false; return; }
          fetch(base + "/decode?station=" + encodeURIComponent(stationName()), {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "image/jpeg", "Accept": "application/json", "x-csrf-token": csrf },
            body: blob
          }).then(function (r) { return r.ok ? r.json() : null; }).then(function (a) {
            if (a && a.status && a.status !== "none") {
              var now = Date.now();
              if (!(a.participant_id && last.code === String(a.participant_id) && now - last.at < 4000)) {
                last = { code: String(a.participant_id || ""), at: now };
                show(a);
                markPresent(a);
              }
            }
          }).catch(function () {}).then(function () { busy = false; });
        }, "image/jpeg", 0.8);
      }, 700);
    }
    toggle.addEventListener("click", function () {
      if (stream) { stop(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          return video.play();
        })
        .then(function () {
          toggle.textContent = t("camera-stop");
          if ("BarcodeDetector" in window) { viaDetector(); } else { viaServer(); }
        })
        .catch(function () {
          stop();
          show({ status: "refused", headline: t("camera-denied"), detail: "" });
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    desk();
    counters();
  });
}());
