/* Clearway hosted payment page: small progressive enhancements. Every form also works without this file. */
(function () {
  "use strict";

  function fmt(seconds) {
    seconds = Math.max(0, seconds);
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  /* countdowns: data-seconds is computed by the server, so the guest's clock does not matter */
  function countdowns() {
    var started = Date.now();
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-countdown]"));
    var resend = document.querySelector("[data-resend-in]");
    var resendLeft = resend ? parseInt(resend.getAttribute("data-resend-in"), 10) : 0;
    items.forEach(function (el) { el._left = parseInt(el.getAttribute("data-seconds"), 10) || 0; });
    if (!items.length && !resend) return;
    function tick() {
      var passed = Math.floor((Date.now() - started) / 1000);
      items.forEach(function (el) {
        var left = el._left - passed;
        el.textContent = fmt(left);
        var box = el.closest(".timer");
        if (box) box.classList.toggle("is-low", left <= 60);
        if (left <= 0 && el.getAttribute("data-on-zero") === "reload" && !el._done) {
          el._done = true;
          setTimeout(function () { window.location.reload(); }, 600);
        }
      });
      if (resend && resendLeft > 0) {
        var r = resendLeft - passed, label = resend.querySelector("[data-resend-label]");
        if (r > 0) { resend.disabled = true; if (label) label.textContent = "Resend code in " + fmt(r); }
        else { resend.disabled = false; if (label) label.textContent = "Resend code"; resendLeft = 0; }
      }
    }
    tick();
    setInterval(tick, 1000);
  }

  /* processing page: poll the status every 1.5 s, reload when the state changes */
  function poll() {
    var url = document.body.getAttribute("data-poll");
    if (!url) return;
    var current = document.body.getAttribute("data-state");
    function check() {
      fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "omit" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.state && data.state !== current) { window.location.reload(); return; }
          setTimeout(check, 1500);
        })
        .catch(function () { setTimeout(check, 3000); });
    }
    setTimeout(check, 1200);
  }

  /* copy buttons */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
      document.body.appendChild(ta); ta.select();
      try { document.execCommand("copy") ? resolve() : reject(); } catch (e) { reject(e); }
      document.body.removeChild(ta);
    });
  }
  function copies() {
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var label = btn.querySelector("[data-copy-label]");
        copyText(btn.getAttribute("data-copy")).then(function () {
          btn.classList.add("is-copied");
          if (label) label.textContent = "Copied";
          clearTimeout(btn._t);
          btn._t = setTimeout(function () { btn.classList.remove("is-copied"); if (label) label.textContent = "Copy"; }, 2000);
        }, function () { if (label) label.textContent = "Select and copy"; });
      });
    });
  }

  /* card form: spaces in the number, MM / YY, digits-only CVC, brand badge */
  function brandOf(d) {
    if (/^4/.test(d)) return "visa";
    if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(d)) return "mastercard";
    if (/^3[47]/.test(d)) return "amex";
    return "";
  }
  function groupNumber(d) {
    if (/^3[47]/.test(d)) return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(" ");
    return d.replace(/(\d{4})(?=\d)/g, "$1 ");
  }
  function cardForm() {
    var form = document.querySelector("[data-card-form]");
    if (!form) return;
    var number = form.querySelector("[name=number]"), expiry = form.querySelector("[name=expiry]"), cvc = form.querySelector("[name=cvc]");
    var badge = form.querySelector("[data-card-brand]");
    var labels = { visa: "VISA", mastercard: "MC", amex: "AMEX" };
    function onNumber() {
      var d = number.value.replace(/\D/g, "").slice(0, 19);
      number.value = groupNumber(d);
      var b = brandOf(d);
      if (badge) { badge.textContent = labels[b] || ""; badge.setAttribute("data-brand", b); }
    }
    number.addEventListener("input", onNumber);
    expiry.addEventListener("input", function (e) {
      var d = expiry.value.replace(/\D/g, "").slice(0, 4);
      if (d.length === 1 && d > "1") d = "0" + d;
      var deleting = e.inputType && e.inputType.indexOf("delete") === 0;
      expiry.value = d.length > 2 ? d.slice(0, 2) + " / " + d.slice(2) : (d.length === 2 && !deleting ? d + " / " : d);
    });
    cvc.addEventListener("input", function () { cvc.value = cvc.value.replace(/\D/g, "").slice(0, 4); });
    document.querySelectorAll("[data-fill-card]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        number.value = btn.getAttribute("data-fill-card"); onNumber();
        if (!expiry.value) expiry.value = "12 / 34";
        if (!cvc.value) cvc.value = "123";
        number.focus();
      });
    });
    onNumber();
  }

  /* OTP: digits only */
  function otp() {
    var input = document.querySelector("[data-otp]");
    if (!input) return;
    if (window.matchMedia("(min-width: 821px)").matches) input.focus({ preventScroll: true });
    input.addEventListener("input", function () { input.value = input.value.replace(/\D/g, "").slice(0, 6); });
  }

  /* no double submits: the clicked button shows a spinner */
  function busyForms() {
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (form._sent) { e.preventDefault(); return; }
        form._sent = true;
        var btn = e.submitter || form.querySelector("button[type=submit]");
        if (btn) btn.classList.add("is-busy");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdowns(); poll(); copies(); cardForm(); otp(); busyForms();
  });
})();
