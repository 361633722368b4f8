/*
 * Frontdesk live chat widget. Embed with:
 *   <script src="https://help.example.com/chat/widget.js" data-channel="CHANNEL_ID" async></script>
 * Speaks SignalR's JSON hub protocol over one WebSocket to /hubs/chat; no other script is loaded.
 * The visitor's session token is kept in localStorage so a reload continues the same chat.
 */
(function () {
  "use strict";
  var RS = "\u001e";
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var channelId = Number(script.getAttribute("data-channel"));
  if (!channelId) { console.error("Frontdesk chat: data-channel is missing"); return; }
  var origin = new URL(script.src, location.href);
  var hubUrl = (origin.protocol === "https:" ? "wss://" : "ws://") + origin.host + "/hubs/chat";
  var storeKey = "frontdesk-chat:" + origin.host + ":" + channelId;

  // ---- SignalR JSON protocol, the small part a visitor needs ----
  var ws = null, ready = null, nextId = 1, pending = {}, pingTimer = null, wanted = false;

  function connect() {
    if (ready) { return ready; }
    ready = new Promise(function (resolve, reject) {
      var handshaken = false, buffer = "";
      ws = new WebSocket(hubUrl);
      ws.onopen = function () { ws.send(JSON.stringify({ protocol: "json", version: 1 }) + RS); };
      ws.onmessage = function (event) {
        buffer += event.data;
        var frames = buffer.split(RS);
        buffer = frames.pop();
        frames.forEach(function (frame) {
          var message = JSON.parse(frame);
          if (!handshaken) {
            handshaken = true;
            if (message.error) { reject(new Error(message.error)); return; }
            pingTimer = setInterval(function () { write({ type: 6 }); }, 15000);
            resolve();
            return;
          }
          receive(message);
        });
      };
      ws.onclose = function () {
        clearInterval(pingTimer);
        ready = null;
        Object.keys(pending).forEach(function (id) { pending[id].reject(new Error("The connection closed.")); delete pending[id]; });
        if (!handshaken) { reject(new Error("Could not connect.")); }
        if (wanted) { setTimeout(resume, 3000); }
      };
    });
    return ready;
  }

  function write(message) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(message) + RS); }
  }

  function invoke(target, args) {
    return connect().then(function () {
      return new Promise(function (resolve, reject) {
        var id = String(nextId++);
        pending[id] = { resolve: resolve, reject: reject };
        write({ type: 1, invocationId: id, target: target, arguments: args });
      });
    });
  }

  function receive(message) {
    if (message.type === 1 && message.target === "line") {
      show(message.arguments[0]);
    } else if (message.type === 3 && pending[message.invocationId]) {
      var call = pending[message.invocationId];
      delete pending[message.invocationId];
      if (message.error) { call.reject(new Error(message.error)); } else { call.resolve(message.result); }
    } else if (message.type === 7 && ws) {
      ws.close();
    }
  }

  // ---- the widget ----
  var host = document.createElement("div");
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var style = document.createElement("style");
  style.textContent =
    ":host{all:initial}" +
    ".fd{position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;color:#1d1d1f}" +
    ".fd button{font:inherit;cursor:pointer;border:0;border-radius:4px;background:#2457c5;color:#fff;padding:8px 14px}" +
    ".panel{display:none;flex-direction:column;width:320px;height:420px;background:#fff;border:1px solid #c8c8d0;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.15);overflow:hidden}" +
    ".open .panel{display:flex}.open .toggle{display:none}" +
    ".head{display:flex;justify-content:space-between;align-items:center;padding:8px 12px;background:#2457c5;color:#fff;font-weight:600}" +
    ".head button{background:transparent;padding:0 4px}" +
    ".log{flex:1;overflow-y:auto;padding:8px 12px}" +
    ".line{margin:6px 0;padding:6px 8px;border-radius:6px;max-width:85%;white-space:pre-wrap;word-wrap:break-word}" +
    ".visitor{background:#e8eefc;margin-left:auto}.agent{background:#f1f1f4}.system{color:#5a5a66;font-style:italic}" +
    ".who{display:block;font-size:11px;color:#5a5a66}" +
    ".start,.compose{padding:8px 12px;border-top:1px solid #e0e0e6}" +
    ".start input,.compose textarea{width:100%;box-sizing:border-box;margin:0 0 6px;padding:6px;font:inherit;border:1px solid #b0b0b8;border-radius:4px}" +
    ".compose{display:none}.started .compose{display:block}.started .start{display:none}" +
    ".error{color:#b00020;font-size:12px;min-height:1em}";
  root.appendChild(style);

  var box = element("div", "fd");
  var toggle = element("button", "toggle", "Chat with us");
  var panel = element("div", "panel");
  var head = element("div", "head", "");
  head.appendChild(element("span", "", "Chat with us"));
  var close = element("button", "", "\u00d7");
  close.setAttribute("aria-label", "Close");
  head.appendChild(close);
  var log = element("div", "log");
  log.setAttribute("aria-live", "polite");
  var start = element("form", "start");
  var nameInput = input("Your name (optional)", "text", "name");
  var emailInput = input("Your email (optional)", "email", "email");
  start.appendChild(nameInput);
  start.appendChild(emailInput);
  start.appendChild(element("button", "", "Start chat"));
  var compose = element("form", "compose");
  var text = document.createElement("textarea");
  text.rows = 2;
  text.maxLength = 4000;
  text.placeholder = "Type a message";
  compose.appendChild(text);
  compose.appendChild(element("button", "", "Send"));
  var error = element("div", "error");
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(start);
  panel.appendChild(compose);
  panel.appendChild(error);
  box.appendChild(toggle);
  box.appendChild(panel);
  root.appendChild(box);
  document.body.appendChild(host);

  var seen = {};

  function element(tag, className, content) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (content) { e.textContent = content; }
    return e;
  }

  function input(placeholder, type, autocomplete) {
    var e = document.createElement("input");
    e.type = type;
    e.placeholder = placeholder;
    e.autocomplete = autocomplete;
    e.maxLength = 200;
    return e;
  }

  function show(line) {
    if (!line || line.internal || seen[line.id]) { return; }
    seen[line.id] = true;
    var e = element("div", "line " + line.from);
    if (line.from !== "visitor") { e.appendChild(element("span", "who", line.name)); }
    e.appendChild(document.createTextNode(line.text));
    log.appendChild(e);
    log.scrollTop = log.scrollHeight;
  }

  function fail(err) {
    error.textContent = (err && err.message ? err.message : String(err)).replace(/^An error occurred while invoking '\w+' on the server\. HubException: /, "");
  }

  function started(session) {
    error.textContent = "";
    localStorage.setItem(storeKey, session.token);
    box.classList.add("started");
    (session.transcript || []).forEach(show);
  }

  function resume() {
    var token = localStorage.getItem(storeKey);
    if (!token) { return; }
    invoke("Resume", [token]).then(started, function (err) {
      if (/token/.test(err.message)) { localStorage.removeItem(storeKey); box.classList.remove("started"); }
      fail(err);
    });
  }

  toggle.addEventListener("click", function () {
    box.classList.add("open");
    wanted = true;
    resume();
  });
  close.addEventListener("click", function () {
    box.classList.remove("open");
    wanted = false;
    if (ws) { ws.close(); }
  });
  start.addEventListener("submit", function (event) {
    event.preventDefault();
    invoke("Start", [{ channelId: channelId, name: nameInput.value || null, email: emailInput.value || null }]).then(started, fail);
  });
  compose.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = text.value.trim();
    if (!value) { return; }
    var clientId = Date.now().toString(36) + Math.random().toString(36).slice(2);
    invoke("Send", [value, clientId]).then(function (line) { text.value = ""; error.textContent = ""; show(line); }, fail);
  });
  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); compose.requestSubmit(); }
  });
})();
