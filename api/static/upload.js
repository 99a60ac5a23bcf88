// The upload page: files chosen or dropped are listed, then sent one request per file to
// POST /api/documents so that each has its own progress bar and its own result.
(function () {
  "use strict";
  var CONCURRENT = 2;
  var CODES = {
    unsupported_file: "Loại tệp không được hỗ trợ",
    unreadable_file: "Không đọc được tệp",
    too_large: "Tệp quá lớn",
    too_many_pages: "Tệp có quá nhiều trang",
    too_many_files: "Quá nhiều tệp trong một lần gửi",
    ocr_timeout: "Nhận dạng chữ (OCR) quá lâu",
    extraction_failed: "Trích xuất thất bại",
    limit_exceeded: "Tệp vượt giới hạn xử lý",
    page_too_large: "Trang quá khổ để nhận dạng chữ",
    image_too_large: "Ảnh quá lớn để nhận dạng chữ",
    too_many_text_runs: "Trang PDF có quá nhiều đoạn chữ",
    text_too_long: "Văn bản quá dài",
    time_limit: "Đọc tệp quá thời gian cho phép",
    memory_limit: "Đọc tệp cần quá nhiều bộ nhớ",
    request_timeout: "Gửi tệp quá chậm",
    forbidden: "Không có quyền (tài khoản không được tải lên, hoặc yêu cầu từ trang khác)",
    unauthorized: "Cần đăng nhập, hoặc mã truy cập không đúng",
    csrf_failed: "Trang đã cũ, hãy tải lại trang",
    invalid_request: "Yêu cầu không hợp lệ",
    bad_request: "Yêu cầu không hợp lệ",
    internal: "Lỗi máy chủ"
  };
  var KINDS = {
    resolution: "Nghị quyết", directive: "Chỉ thị", conclusion: "Kết luận", regulation: "Quy định",
    decision: "Quyết định", plan: "Kế hoạch", program: "Chương trình", project: "Đề án", guidance: "Hướng dẫn",
    notice: "Thông báo", report: "Báo cáo", official_letter: "Công văn", submission: "Tờ trình", law: "Luật",
    ordinance: "Pháp lệnh", decree: "Nghị định", circular: "Thông tư", joint_circular: "Thông tư liên tịch",
    consolidated: "Văn bản hợp nhất", news: "Tin tức", other: "Văn bản khác"
  };

  var form, input, queueList, tokenInput, localityInput, startButton, zone, maxBytes;
  var pending = [];   // entries waiting to be sent
  var active = 0;

  function sizeText(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes + " byte";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addFiles(files) {
    for (var i = 0; i < files.length; i++) {
      var file = files[i];
      var item = el("li", "waiting");
      var head = el("div", "file");
      head.appendChild(el("span", "name", file.name));
      head.appendChild(el("span", "size", sizeText(file.size)));
      var bar = el("progress");
      bar.max = 100; bar.value = 0;
      bar.setAttribute("aria-label", "Tiến độ tải lên " + file.name);
      var status = el("div", "status", "Đang chờ gửi");
      item.appendChild(head); item.appendChild(bar); item.appendChild(status);
      queueList.appendChild(item);
      var entry = { file: file, item: item, bar: bar, status: status };
      if (maxBytes && file.size > maxBytes) {
        fail(entry, "Tệp quá lớn", "tệp " + sizeText(file.size) + ", giới hạn " + sizeText(maxBytes));
      } else {
        pending.push(entry);
      }
    }
    updateButton();
  }

  function updateButton() {
    startButton.textContent = pending.length ? "Tải lên " + pending.length + " tệp" : "Tải lên";
  }

  function fail(entry, title, message) {
    entry.item.className = "failed";
    entry.bar.remove();
    entry.status.textContent = "";
    entry.status.appendChild(el("strong", "", title + ": "));
    entry.status.appendChild(document.createTextNode(message || ""));
  }

  function succeed(entry, doc) {
    entry.item.className = "done";
    entry.bar.value = 100;
    entry.status.textContent = doc.same_document ? "Cùng văn bản đã có trong kho, lưu thêm tệp này cho văn bản: "
      : doc.duplicate ? "Đã có trong kho: " : "Đã lưu: ";
    var link = el("a", "", docLabel(doc));
    link.href = "/documents/" + doc.id;
    entry.status.appendChild(link);
    var counts = [];
    if (doc.targets && doc.targets.length) counts.push(doc.targets.length + " chỉ tiêu");
    if (doc.figures && doc.figures.length) counts.push(doc.figures.length + " số liệu");
    if (doc.deadlines && doc.deadlines.length) counts.push(doc.deadlines.length + " thời hạn");
    if (counts.length) entry.status.appendChild(document.createTextNode(" — " + counts.join(", ")));
  }

  function docLabel(doc) {
    var d = doc.document || {};
    var kind = KINDS[d.kind] || "Văn bản";
    var label = kind + (d.number ? " " + d.number : "");
    return d.title ? label + ": " + d.title : label;
  }

  function errorOf(xhr) {
    var body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
    var error = body && body.error;
    if (body && body.errors && body.errors.length) error = body.errors[0].error || error;
    if (error && error.message) return [CODES[error.code] || "Không lưu được", error.message];
    if (xhr.status === 0) return ["Mất kết nối", "không gửi được tới máy chủ"];
    return ["Không lưu được", "máy chủ trả lời HTTP " + xhr.status];
  }

  function send(entry) {
    active++;
    entry.item.className = "sending";
    entry.status.textContent = "Đang gửi…";
    var data = new FormData();
    data.append("file", entry.file, entry.file.name);
    if (localityInput && localityInput.value.trim()) data.append("locality", localityInput.value.trim());
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("Accept", "application/json");
    if (tokenInput && tokenInput.value.trim()) xhr.setRequestHeader("Authorization", "Bearer " + tokenInput.value.trim());
    var csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf && csrf.content) xhr.setRequestHeader("X-CSRF-Token", csrf.content);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        var percent = Math.round((event.loaded / event.total) * 100);
        entry.bar.value = percent;
        entry.status.textContent = "Đang gửi… " + percent + "%";
      }
    };
    xhr.upload.onload = function () {
      entry.bar.removeAttribute("value"); // indeterminate while the server reads the file
      entry.status.textContent = "Đang đọc và trích xuất…";
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if ((xhr.status === 200 || xhr.status === 201) && body && body.documents && body.documents.length) {
        succeed(entry, body.documents[0]);
      } else if (xhr.status === 202 && body && body.jobs && body.jobs.length) {
        follow(entry, body.jobs[0].id); // the file went to a worker: follow its job
        return;
      } else {
        var problem = errorOf(xhr);
        fail(entry, problem[0], problem[1]);
      }
      next(true);
    };
    xhr.onerror = function () { fail(entry, "Mất kết nối", "không gửi được tới máy chủ"); next(true); };
    xhr.send(data);
  }

  // With workers (VANBAN_BROKER) an upload answers 202 with a job; ask for it until it is done.
  function follow(entry, jobId) {
    entry.status.textContent = "Đang chờ máy xử lý…";
    getJson("/api/jobs/" + encodeURIComponent(jobId), function (status, job) {
      if (status !== 200 || !job) {
        fail(entry, "Không theo dõi được", "máy chủ trả lời HTTP " + status);
        next(true);
      } else if (job.status === "done") {
        getJson("/api/documents/" + job.document_id, function (docStatus, doc) {
          if (docStatus === 200 && doc) succeed(entry, doc);
          else fail(entry, "Không đọc được văn bản", "máy chủ trả lời HTTP " + docStatus);
          next(true);
        });
      } else if (job.status === "failed") {
        var error = job.error || {};
        fail(entry, CODES[error.code] || "Không lưu được", error.message || "");
        next(true);
      } else {
        if (job.status === "running") entry.status.textContent = "Đang đọc và trích xuất…";
        setTimeout(function () { follow(entry, jobId); }, 1000);
      }
    });
  }

  function getJson(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    if (tokenInput && tokenInput.value.trim()) xhr.setRequestHeader("Authorization", "Bearer " + tokenInput.value.trim());
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      done(xhr.status, body);
    };
    xhr.onerror = function () { done(0, null); };
    xhr.send();
  }

  function next(finished) {
    if (finished) active--;
    while (active < CONCURRENT && pending.length) send(pending.shift());
    updateButton();
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("upload-form");
    if (!form) return;
    input = document.getElementById("files");
    queueList = document.getElementById("queue");
    tokenInput = document.getElementById("token");
    localityInput = document.getElementById("locality");
    startButton = document.getElementById("start");
    zone = document.getElementById("dropzone");
    maxBytes = parseInt(form.dataset.maxBytes || "0", 10);
    if (tokenInput) {
      tokenInput.value = sessionStorage.getItem("vanban_api_token") || "";
      tokenInput.addEventListener("change", function () { sessionStorage.setItem("vanban_api_token", tokenInput.value.trim()); });
    }

    input.addEventListener("change", function () {
      addFiles(input.files);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
    });
    // Dropping beside the zone must not open the file in the browser.
    window.addEventListener("dragover", function (event) { event.preventDefault(); });
    window.addEventListener("drop", function (event) { event.preventDefault(); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!pending.length) {
        input.click();
        return;
      }
      if (tokenInput && !tokenInput.value.trim()) {
        tokenInput.focus();
        tokenInput.reportValidity();
        return;
      }
      next(false);
    });
    document.getElementById("clear").addEventListener("click", function () {
      pending = [];
      Array.prototype.slice.call(queueList.children).forEach(function (item) {
        if (item.className !== "sending") item.remove();
      });
      updateButton();
    });
  });
})();
