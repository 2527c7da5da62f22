// The record forms: "Log New Ticket" and "Add Administrator" (pages from generator/forms.py).
// Reads the page's embedded JSON (#ep-form-data), writes the record file into the preview
// on every input, refuses what `escalation check` refuses (saying why next to the field),
// and offers copy, download and GitHub's new-file page. Written for this project; no
// dependencies, no requests. User text only ever reaches the page through textContent.
(function () {
  "use strict";

  // ---------------------------------------------------------------- YAML text
  // The same choice as generator/record_text.py: plain where unambiguous, else a
  // double-quoted string (JSON-style escapes are valid YAML).
  var PLAIN = /^[A-Za-z][A-Za-z0-9 ._/()-]*$/;
  var RESERVED = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"];
  var DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  // What the record reader refuses anywhere in a file (generator/frontmatter_reader.py).
  var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;

  function quoted(text) {
    var out = '"';
    for (var i = 0; i < text.length; i += 1) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        var low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) { out += text.substr(i, 2); i += 1; continue; }
      }
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (code >= 0xd800 && code <= 0xdfff) out += "\\ufffd"; // a lone surrogate
      else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 ||
               code === 0x2029 || code === 0xfeff || code >= 0xfffe) {
        out += "\\u" + ("000" + code.toString(16)).slice(-4);
      } else out += ch;
    }
    return out + '"';
  }

  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    var text = String(value);
    if (PLAIN.test(text) && RESERVED.indexOf(text.toLowerCase()) < 0 && text.slice(-1) !== " ") {
      return text;
    }
    return quoted(text);
  }

  function when(value) {
    return DATETIME.test(value) || DATE.test(value) ? value : quoted(value);
  }

  function comment(text) {
    return String(text).replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  }

  function body(notes, placeholder) {
    var text = notes.replace(/\r\n?/g, "\n").replace(/\s+$/, "");
    return (text || placeholder) + "\n";
  }

  // ---------------------------------------------------------------- small helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(value) {
    return "'" + (value.length > 60 ? value.slice(0, 57) + "..." : value) + "'";
  }

  function shown(time) { return time.replace("T", " ").slice(0, 16); }

  function instant(time) { return time.length === 16 ? time + ":00" : time; }

  function before(a, b) { return instant(a) < instant(b); }

  function nowIn(timezone, dateOnly) {
    var d = new Date();
    var text;
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-CA", {
        timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
      text = parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
    } catch (e) {
      var pad = function (n) { return ("0" + n).slice(-2); };
      text = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
        "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
    return dateOnly ? text.slice(0, 10) : text;
  }

  // difflib-like similarity (2 × common subsequence / total length), for "did you mean".
  function closest(value, choices) {
    var best = null, bestScore = 0.6;
    choices.forEach(function (choice) {
      var a = value, b = choice, row = new Array(b.length + 1).fill(0);
      for (var i = 1; i <= a.length; i += 1) {
        var prev = 0;
        for (var j = 1; j <= b.length; j += 1) {
          var keep = row[j];
          row[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(row[j], row[j - 1]);
          prev = keep;
        }
      }
      var score = 2 * row[b.length] / (a.length + b.length);
      if (score >= bestScore && choice !== value) { best = choice; bestScore = score; }
    });
    return best;
  }

  // ---------------------------------------------------------------- problems
  function Problems() { this.errors = []; this.notes = []; }
  Problems.prototype.error = function (key, message) { this.errors.push([key, message]); };
  Problems.prototype.note = function (key, message) { this.notes.push([key, message]); };

  function checkText(p, key, value, required, what) {
    if (!value) {
      if (required) p.error(key, "Required" + (what ? ": " + what : "") + ".");
      return false;
    }
    var bad = CONTROL.exec(value);
    if (bad) {
      var code = bad[0].charCodeAt(0).toString(16).toUpperCase();
      p.error(key, "Contains the control character U+" + ("000" + code).slice(-4) +
        ", which a record may not hold: remove it.");
      return false;
    }
    return true;
  }

  function checkWhen(p, key, value, required, what) {
    if (!value) {
      if (required) p.error(key, "Required" + (what ? ": " + what : "") + ".");
      return false;
    }
    if (!DATETIME.test(value)) {
      p.error(key, "Expected a date and time such as 2026-11-16T09:30 but received " + show(value) + ".");
      return false;
    }
    return true;
  }

  function checkChoice(p, key, value, choices, required) {
    if (!value) {
      if (required) p.error(key, "Required: choose one of " + choices.join(", ") + ".");
      return false;
    }
    if (choices.indexOf(value) < 0) {
      p.error(key, "Expected one of " + choices.join(", ") + " but received " + show(value) + ".");
      return false;
    }
    return true;
  }

  function checkService(p, key, value, pattern) {
    if (!checkText(p, key, value, false)) return false;
    if (!pattern.test(value)) {
      p.error(key, "Expected a service slug of lowercase letters, digits, '.', '_' and '-' " +
        "(such as file-shares) but received " + show(value) + ".");
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- ticket
  var ENGAGEMENT_FIELDS = [
    { name: "admin", label: "Admin", control: "admin", required: true },
    { name: "tier", label: "Tier", control: "select", choices: "engagement_tier", required: true },
    { name: "at", label: "Engaged at", control: "datetime-local", required: true },
    { name: "tag", label: "Tag", control: "text", help: "Required for escalate." },
    { name: "reason", label: "Reason", control: "area", help: "Required for escalate." },
    { name: "message", label: "Meta-protocol message", control: "area",
      placeholder: "What process can SC follow next time?", help: "Required for escalate." },
    { name: "responded", label: "The admin has responded", control: "checkbox" },
    { name: "response.at", label: "Responded at", control: "datetime-local", required: true,
      group: "response" },
    { name: "response.outcome", label: "Outcome", control: "select", choices: "outcome",
      blank: true, required: true, group: "response" },
    { name: "response.redirect_to", label: "Redirected to", control: "admin", required: true,
      group: "redirect" },
    { name: "response.process", label: "Process SC can follow next time", control: "area",
      help: "The knowledge captured, if the admin gave one.", group: "response" }
  ];

  function readTicket(form) {
    var v = { checklist: {}, escalations: [] };
    ["id", "title", "opened", "classification", "priority", "tier", "status", "resolved",
     "service", "requestor", "department", "channel", "agent", "tags"].forEach(function (key) {
      v[key] = valueOf(form.querySelector('[data-key="' + key + '"]'));
    });
    v.tags = v.tags.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
    v.body = form.querySelector('[data-key="body"]').value;
    form.querySelectorAll("[data-checklist]").forEach(function (box) {
      v.checklist[box.getAttribute("data-checklist")] = box.checked;
    });
    rowsOf(form, "escalations").forEach(function (row) {
      var e = readRow(row);
      e.responded = row.querySelector('[data-name="responded"]').checked;
      v.escalations.push(e);
    });
    return v;
  }

  function validateTicket(v, data, re) {
    var p = new Problems(), enums = data.enums;
    if (checkText(p, "id", v.id, true, "the TDX ticket number, which names the file")) {
      if (!re.ticket_id.test(v.id)) {
        p.error("id", "Expected a ticket ID of letters, digits, '.', '_' and '-' (at most 64, " +
          "starting with a letter or digit, such as 48213) but received " + show(v.id) + ".");
      } else if (data.existing.tickets.indexOf(v.id) >= 0) {
        p.error("id", "Ticket " + v.id + " already exists under " + data.paths.tickets +
          "/: edit that file instead.");
      }
    }
    checkText(p, "title", v.title, true, "a short description of the ticket");
    var opened = checkWhen(p, "opened", v.opened, true) ? v.opened : null;
    checkChoice(p, "classification", v.classification, enums.classification, true);
    checkChoice(p, "priority", v.priority, enums.priority, true);
    var tier = checkChoice(p, "tier", v.tier, enums.tier, true) ? v.tier : null;
    var done = data.done_statuses.indexOf(v.status) >= 0;
    checkChoice(p, "status", v.status, enums.status, true);
    if (checkWhen(p, "resolved", v.resolved, done, "the status is " + v.status) && opened &&
        before(v.resolved, opened)) {
      p.error("resolved", "Expected a time not before opened (" + shown(opened) +
        ") but received " + shown(v.resolved) + ".");
    }
    if (checkService(p, "service", v.service, re.service)) serviceNotes(p, v, data);
    ["requestor", "department", "agent", "body"].forEach(function (key) {
      checkText(p, key, v[key], false);
    });
    checkChoice(p, "channel", v.channel, enums.channel, false);
    v.tags.forEach(function (tag) { checkText(p, "tags", tag, false); });
    validateEngagements(p, v, data, opened);
    validateTier(p, v, tier);
    validateChecklist(p, v, data);
    return p;
  }

  function validateEngagements(p, v, data, opened) {
    var previous = null;
    v.escalations.forEach(function (e, i) {
      var key = "escalations." + i + ".";
      var admin = adminOf(data, e.admin);
      if (checkText(p, key + "admin", e.admin, true, "choose the admin engaged") && !admin) {
        p.error(key + "admin", "Expected the slug of an admin in " + data.paths.admins +
          "/ but received " + show(e.admin) + ".");
      }
      var escalate = e.tier === "escalate";
      checkChoice(p, key + "tier", e.tier, data.enums.engagement_tier, true);
      if (checkWhen(p, key + "at", e.at, true)) {
        if (opened && before(e.at, opened)) {
          p.error(key + "at", "Expected a time not before opened (" + shown(opened) +
            ") but received " + shown(e.at) + ".");
        } else if (previous && before(e.at, previous)) {
          p.error(key + "at", "Expected a time not before engagement " + i + " (" +
            shown(previous) + ") but received " + shown(e.at) + "; list engagements oldest first.");
        }
        previous = e.at;
      }
      ["tag", "reason", "message"].forEach(function (name) {
        checkText(p, key + name, e[name], escalate, "an escalate engagement needs a " +
          (name === "message" ? "meta-protocol message" : name));
      });
      if (admin && !admin.active) {
        p.note(key + "admin", admin.name + " (" + admin.slug + ") is marked inactive.");
      }
      if (admin && escalate && v.service && declaredBy(data, v.service, true).length &&
          admin.services.indexOf(v.service) < 0) {
        p.note(key + "admin", admin.name + " does not declare the service '" + v.service +
          "' in their purview.");
      }
      if (e.responded) validateResponse(p, key + "response.", e, data);
    });
  }

  function validateResponse(p, key, e, data) {
    var at = e["response.at"];
    if (checkWhen(p, key + "at", at, true, "when the admin responded") && DATETIME.test(e.at) &&
        before(at, e.at)) {
      p.error(key + "at", "Expected a time not before the engagement (" + shown(e.at) +
        ") but received " + shown(at) + ".");
    }
    var outcome = e["response.outcome"];
    checkChoice(p, key + "outcome", outcome, data.enums.outcome, true);
    if (outcome === "redirected") {
      var target = e["response.redirect_to"];
      if (checkText(p, key + "redirect_to", target, true, "the admin the ticket was sent on to") &&
          !adminOf(data, target)) {
        p.error(key + "redirect_to", "Expected the slug of an admin in " + data.paths.admins +
          "/ but received " + show(target) + ".");
      }
    }
    checkText(p, key + "process", e["response.process"], false);
  }

  function validateTier(p, v, tier) {
    var count = v.escalations.length;
    if (tier === "handle" && count) {
      var why = "'handle' means no admin involvement, but " + count + " engagement" +
        (count > 1 ? "s are" : " is") + " listed: choose collaborate or escalate, or remove " +
        (count > 1 ? "them" : "it") + ".";
      p.error("tier", why);
      p.error("escalations", why);
    } else if (tier && tier !== "handle") {
      var last = v.escalations[count - 1];
      if (!last) {
        p.error("tier", "'" + tier + "' needs at least one engagement: add one below.");
        p.error("escalations", "'" + tier + "' needs at least one engagement.");
      } else if (last.tier && last.tier !== tier) {
        p.error("tier", "Expected '" + last.tier + "' to match the last engagement (engagement " +
          count + ") but received '" + tier + "'.");
      }
    }
  }

  function validateChecklist(p, v, data) {
    var first = -1;
    v.escalations.forEach(function (e, i) { if (first < 0 && e.tier === "escalate") first = i; });
    var missing = data.checklist.filter(function (item) { return !v.checklist[item.id]; });
    if (first < 0 || !missing.length) return;
    var lines = missing.map(function (item) { return "☐ " + item.text + " (" + item.id + ")"; });
    var intro = "'escalate' needs the pre-escalation checklist complete; " + missing.length +
      " item" + (missing.length > 1 ? "s are" : " is") + " not ticked:";
    p.error("checklist", [intro].concat(lines).join("\n"));
    p.error("escalations." + first + ".tier", [intro].concat(lines).join("\n"));
  }

  function serviceNotes(p, v, data) {
    var active = declaredBy(data, v.service, true);
    if (active.length) return;
    var inactive = declaredBy(data, v.service, false);
    var close = closest(v.service, Object.keys(data.services));
    if (close && !inactive.length) {
      p.note("service", "No admin declares '" + v.service + "' (did you mean '" + close + "'?).");
    } else {
      p.note("service", "No active admin declares '" + v.service + "'" + (inactive.length ?
        " (only inactive: " + inactive.join(", ") + ")" : "") +
        "; the ticket will be recorded as evidence of an ownership gap.");
    }
  }

  function declaredBy(data, service, active) {
    return (data.services[service] || []).filter(function (slug) {
      var admin = adminOf(data, slug);
      return admin && admin.active === active;
    });
  }

  function ticketText(v, data) {
    var lines = ["---", "title: " + scalar(v.title)];
    ["opened", "classification", "priority", "tier", "status", "resolved", "service",
     "requestor", "department", "channel", "agent"].forEach(function (key) {
      if (!v[key]) return;
      var timed = key === "opened" || key === "resolved";
      lines.push(key + ": " + (timed ? when(v[key]) : scalar(v[key])));
    });
    lines.push("checklist:");
    data.checklist.forEach(function (item) {
      lines.push("  " + scalar(item.id) + ": " + scalar(!!v.checklist[item.id]) + "  # " +
        comment(item.text));
    });
    if (!v.escalations.length) lines.push("escalations: []");
    else lines.push("escalations:");
    v.escalations.forEach(function (e) {
      lines.push("  - admin: " + scalar(e.admin), "    tier: " + scalar(e.tier),
        "    at: " + when(e.at));
      ["tag", "reason", "message"].forEach(function (name) {
        if (e[name]) lines.push("    " + name + ": " + scalar(e[name]));
      });
      if (!e.responded) return;
      lines.push("    response:", "      at: " + when(e["response.at"]),
        "      outcome: " + scalar(e["response.outcome"]));
      if (e["response.outcome"] === "redirected") {
        lines.push("      redirect_to: " + scalar(e["response.redirect_to"]));
      }
      if (e["response.process"]) lines.push("      process: " + scalar(e["response.process"]));
    });
    if (!v.tags.length) lines.push("tags: []");
    else lines.push("tags:");
    v.tags.forEach(function (tag) { lines.push("  - " + scalar(tag)); });
    lines.push("---", "");
    return lines.join("\n") + "\n" + body(v.body,
      "<!-- Notes: what was tried, what the requestor said, what the admin asked. -->");
  }

  function ticketPath(v, data) {
    var year = DATETIME.test(v.opened) ? v.opened.slice(0, 4) : "<year opened>";
    return data.paths.tickets + "/" + year + "/" + (v.id || "<ID>") + ".md";
  }

  // ---------------------------------------------------------------- admin
  var PURVIEW_FIELDS = [
    { name: "service", label: "Service", control: "text", required: true, list: "ep-services",
      placeholder: "file-shares" },
    { name: "scope", label: "Scope", control: "area", required: true,
      help: "What is covered." },
    { name: "excludes", label: "Excludes", control: "area", help: "What is not." },
    { name: "sc_process", label: "What SC may do itself", control: "area",
      help: "Or how to route it." },
    { name: "declared", label: "Declared", control: "date", required: true },
    { name: "source", label: "Source", control: "text", required: true,
      placeholder: "PR #42, e-mail of 2026-11-16, team meeting" }
  ];

  function readAdmin(form) {
    var v = { purview: [] };
    ["slug", "name", "email", "github", "team", "response_window_hours"].forEach(function (key) {
      v[key] = valueOf(form.querySelector('[data-key="' + key + '"]'));
    });
    var hours = form.querySelector('[data-key="response_window_hours"]');
    v.badHours = hours.validity && hours.validity.badInput;
    v.active = form.querySelector('[data-key="active"]').checked;
    v.body = form.querySelector('[data-key="body"]').value;
    rowsOf(form, "purview").forEach(function (row) { v.purview.push(readRow(row)); });
    return v;
  }

  function validateAdmin(v, data, re) {
    var p = new Problems();
    if (checkText(p, "slug", v.slug, true, "the administrator's slug, which names the file")) {
      if (!re.admin_slug.test(v.slug)) {
        p.error("slug", "Expected a slug of lowercase letters, digits and '-' (at most 64, " +
          "such as dana-okafor) but received " + show(v.slug) + ".");
      } else if (data.existing.admins.indexOf(v.slug) >= 0) {
        p.error("slug", data.paths.admins + "/" + v.slug + ".md already exists: edit that file" +
          " instead.");
      }
    }
    checkText(p, "name", v.name, true, "the administrator's name");
    ["email", "github", "team", "body"].forEach(function (key) { checkText(p, key, v[key], false); });
    if (v.email && v.email.indexOf("@") < 0) p.note("email", "This does not look like an e-mail address.");
    var minimum = data.response_window.minimum;
    if (v.badHours) {
      p.error("response_window_hours", "Expected a number of business hours such as 16.");
    } else if (v.response_window_hours) {
      var hours = Number(v.response_window_hours);
      if (!isFinite(hours) || hours > 1e9) {
        p.error("response_window_hours", "Expected a finite number of at most 1e9 but received " +
          v.response_window_hours + ".");
      } else if (hours < minimum) {
        p.error("response_window_hours", "Expected a number of at least " + minimum +
          " but received " + v.response_window_hours + ".");
      }
    }
    validatePurview(p, v, data, re);
    return p;
  }

  function validatePurview(p, v, data, re) {
    var seen = {};
    v.purview.forEach(function (entry, i) {
      var key = "purview." + i + ".";
      var service = entry.service;
      if (checkText(p, key + "service", service, true, "the service's slug") &&
          checkService(p, key + "service", service, re.service)) {
        if (Object.prototype.hasOwnProperty.call(seen, service)) {
          p.error(key + "service", "'" + service + "' is already declared in service " +
            (seen[service] + 1) + " of this form.");
        } else {
          seen[service] = i;
        }
        var others = (data.services[service] || []).filter(function (s) { return s !== v.slug; });
        var names = function (active) {
          return others.filter(function (slug) {
            var admin = adminOf(data, slug);
            return admin && admin.active === active;
          }).map(function (slug) { return adminOf(data, slug).name + " (" + slug + ")"; });
        };
        if (names(true).length) {
          p.note(key + "service", "Also declared by " + names(true).join(", ") +
            ": agree on one owner, or split the scope.");
        } else if (names(false).length) {
          p.note(key + "service", "Declared only by inactive " + names(false).join(", ") +
            ": this administrator takes the service over.");
        } else if (data.gaps.indexOf(service) >= 0) {
          p.note(key + "service", "No active admin declares '" + service + "' yet: this closes a gap.");
        }
      }
      checkText(p, key + "scope", entry.scope, true, "what the service covers");
      checkText(p, key + "excludes", entry.excludes, false);
      checkText(p, key + "sc_process", entry.sc_process, false);
      if (entry.declared && !DATE.test(entry.declared)) {
        p.error(key + "declared", "Expected a date such as 2026-11-16 but received " +
          show(entry.declared) + ".");
      } else if (!entry.declared) {
        p.error(key + "declared", "Required: when the service was declared.");
      }
      checkText(p, key + "source", entry.source, true,
        "where the declaration came from (pull request, e-mail, meeting)");
    });
  }

  function adminText(v) {
    var lines = ["---", "name: " + scalar(v.name)];
    ["email", "github", "team"].forEach(function (key) {
      if (v[key]) lines.push(key + ": " + scalar(v[key]));
    });
    lines.push("active: " + scalar(v.active));
    if (v.response_window_hours) {
      var hours = Number(v.response_window_hours);
      lines.push("response_window_hours: " + (isFinite(hours) ? String(hours) :
        scalar(v.response_window_hours)));
    }
    lines.push(v.purview.length ? "purview:" : "purview: []");
    v.purview.forEach(function (entry) {
      lines.push("  - service: " + scalar(entry.service));
      ["scope", "excludes", "sc_process"].forEach(function (name) {
        if (entry[name]) lines.push("    " + name + ": " + scalar(entry[name]));
      });
      lines.push("    declared: " + when(entry.declared), "    source: " + scalar(entry.source));
    });
    lines.push("---", "");
    return lines.join("\n") + "\n" + body(v.body,
      "<!-- Notes: what this administrator looks after, and how SC should reach them. -->");
  }

  function adminPath(v, data) {
    return data.paths.admins + "/" + (v.slug || "<slug>") + ".md";
  }

  // ---------------------------------------------------------------- form rows
  function valueOf(control) {
    if (!control) return "";
    return control.value.replace(/\r\n?/g, "\n").trim();
  }

  function rowsOf(form, list) {
    var holder = form.querySelector('[data-rows="' + list + '"]');
    return Array.prototype.slice.call(holder.children);
  }

  function readRow(row) {
    var values = {};
    row.querySelectorAll("[data-name]").forEach(function (control) {
      if (control.type !== "checkbox") values[control.getAttribute("data-name")] = valueOf(control);
    });
    return values;
  }

  function adminOf(data, slug) {
    for (var i = 0; i < data.admins.length; i += 1) {
      if (data.admins[i].slug === slug) return data.admins[i];
    }
    return null;
  }

  var uid = 0;

  function adminSelect(select, data) {
    select.appendChild(el("option", "", "— choose —")).value = "";
    var inactive = el("optgroup");
    inactive.label = "Inactive";
    data.admins.forEach(function (admin) {
      var option = el("option", "", admin.name + " (" + admin.slug + ")" +
        (admin.services.length ? " — " + admin.services.join(", ") : ""));
      option.value = admin.slug;
      (admin.active ? select : inactive).appendChild(option);
    });
    if (inactive.children.length) select.appendChild(inactive);
  }

  function makeField(spec, data) {
    uid += 1;
    var id = "ep-r" + uid + "-" + spec.name.replace(/\W/g, "-");
    var wrap = el("div", "ep-field" + (spec.control === "checkbox" ? " ep-check" : ""));
    wrap.setAttribute("data-part", spec.name);
    var label = el("label", "", spec.label);
    label.htmlFor = id;
    var control;
    if (spec.control === "select" || spec.control === "admin") {
      control = el("select");
      if (spec.control === "admin") adminSelect(control, data);
      else {
        if (spec.blank) control.appendChild(el("option", "", "— choose —")).value = "";
        data.enums[spec.choices].forEach(function (value) {
          control.appendChild(el("option", "", value)).value = value;
        });
      }
    } else if (spec.control === "area") {
      control = el("textarea");
      control.rows = 2;
    } else {
      control = el("input");
      control.type = spec.control;
      if (spec.list) control.setAttribute("list", spec.list);
      control.autocomplete = "off";
    }
    if (spec.placeholder) control.placeholder = spec.placeholder;
    control.id = id;
    control.setAttribute("data-name", spec.name);
    var why = el("p", "ep-why"), note = el("p", "ep-note");
    why.id = id + "-why";
    note.id = id + "-note";
    control.setAttribute("aria-describedby", why.id + " " + note.id);
    if (spec.control === "checkbox") wrap.append(control, label);
    else {
      if (spec.required) label.appendChild(el("span", "ep-required", " *"));
      wrap.append(label, control);
    }
    if (spec.help) wrap.appendChild(el("small", "ep-help", spec.help));
    wrap.append(why, note);
    return wrap;
  }

  function makeRow(fields, data, noun) {
    var row = el("fieldset", "ep-row");
    row.appendChild(el("legend", "", noun));
    var groups = {};
    fields.forEach(function (spec) {
      var parent = row;
      if (spec.group === "redirect") parent = groups.response;
      else if (spec.group) {
        if (!groups[spec.group]) {
          groups[spec.group] = row.appendChild(el("div", "ep-subrow"));
          groups[spec.group].setAttribute("data-group", spec.group);
        }
        parent = groups[spec.group];
      }
      var field = parent.appendChild(makeField(spec, data));
      if (spec.group === "redirect") field.setAttribute("data-group", "redirect");
    });
    var remove = row.appendChild(el("button", "md-button ep-remove", "Remove " + noun.toLowerCase()));
    remove.type = "button";
    remove.setAttribute("data-action", "remove-row");
    return row;
  }

  function renumber(form, list, noun) {
    rowsOf(form, list).forEach(function (row, i) {
      row.querySelector("legend").textContent = noun + " " + (i + 1);
      row.querySelectorAll(".ep-field").forEach(function (wrap) {
        var name = wrap.getAttribute("data-part");
        wrap.setAttribute("data-field", list + "." + i + "." + name);
        wrap.setAttribute("data-label", noun + " " + (i + 1) + ": " +
          wrap.querySelector("label").firstChild.textContent);
      });
    });
  }

  // Show the response part only once the admin has responded, and the redirect target
  // only for a redirect.
  function syncRow(row) {
    var responded = row.querySelector('[data-name="responded"]');
    var response = row.querySelector('[data-group="response"]');
    if (!responded || !response) return;
    response.hidden = !responded.checked;
    var outcome = row.querySelector('[data-name="response.outcome"]').value;
    row.querySelector('[data-group="redirect"]').hidden = outcome !== "redirected";
  }

  // ---------------------------------------------------------------- output
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return copyByCommand(text); });
    }
    return Promise.resolve(copyByCommand(text));
  }

  function copyByCommand(text) {
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  function download(text, name) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    var link = el("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // ---------------------------------------------------------------- one form
  var KINDS = {
    ticket: { read: readTicket, validate: validateTicket, text: ticketText, path: ticketPath,
              rows: { escalations: { fields: ENGAGEMENT_FIELDS, noun: "Engagement" } } },
    admin: { read: readAdmin, validate: validateAdmin, text: adminText, path: adminPath,
             rows: { purview: { fields: PURVIEW_FIELDS, noun: "Service" } } }
  };

  function RecordForm(page, kind, data) {
    this.page = page;
    this.kind = KINDS[kind];
    this.data = data;
    this.form = page.querySelector("form");
    this.preview = page.querySelector(".ep-preview");
    this.path = page.querySelector(".ep-path");
    this.status = page.querySelector(".ep-status");
    this.re = {};
    for (var name in data.patterns) this.re[name] = new RegExp(data.patterns[name]);
    this.current = { text: "", path: "", errors: 1 };
    this.page.querySelectorAll(".ep-field, fieldset[data-field]").forEach(function (wrap) {
      var label = wrap.querySelector("label, legend");
      if (label && !wrap.getAttribute("data-label")) {
        wrap.setAttribute("data-label", label.firstChild.textContent.trim());
      }
    });
    this.bind();
    this.defaults();
    this.update();
  }

  RecordForm.prototype.bind = function () {
    var self = this;
    var refresh = function (event) {
      if (event.target.closest && event.target.closest(".ep-row")) syncRow(event.target.closest(".ep-row"));
      if (event.type === "change") self.changed(event.target);
      self.say("");  // what was copied or downloaded is no longer what is shown
      self.update();
    };
    this.form.addEventListener("input", refresh);
    this.form.addEventListener("change", refresh);
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.page.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (button) self.act(button, event);
    });
  };

  RecordForm.prototype.defaults = function () {
    var opened = this.form.querySelector('[data-key="opened"]');
    if (opened && !opened.value) opened.value = nowIn(this.data.timezone);
    var slug = this.form.querySelector('[data-key="slug"]');
    var name = this.form.querySelector('[data-key="name"]');
    if (slug && name) {
      // Suggest the slug from the name until the slug is typed in.
      slug.addEventListener("input", function () { slug.setAttribute("data-typed", "true"); });
      name.addEventListener("input", function () {
        if (slug.getAttribute("data-typed")) return;
        slug.value = name.value.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
          .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
      });
    }
  };

  // The ticket's tier picks the first engagement's tier; a response gets a default time.
  RecordForm.prototype.changed = function (target) {
    var key = target.getAttribute("data-key");
    if (key === "tier" && target.value && target.value !== "handle" &&
        !rowsOf(this.form, "escalations").length) {
      this.addRow("escalations");
    }
    if (target.getAttribute("data-name") === "responded" && target.checked) {
      var row = target.closest(".ep-row");
      var at = row.querySelector('[data-name="response.at"]');
      var engaged = row.querySelector('[data-name="at"]').value;
      var now = nowIn(this.data.timezone);
      if (!at.value) at.value = engaged && before(now, engaged) ? engaged : now;
    }
  };

  RecordForm.prototype.addRow = function (list) {
    var spec = this.kind.rows[list];
    var holder = this.form.querySelector('[data-rows="' + list + '"]');
    var row = holder.appendChild(makeRow(spec.fields, this.data, spec.noun));
    if (list === "escalations") {
      var tier = this.form.querySelector('[data-key="tier"]').value;
      row.querySelector('[data-name="tier"]').value = tier === "escalate" ? "escalate" : "collaborate";
      var rows = rowsOf(this.form, list);
      var last = rows.length > 1 ? rows[rows.length - 2].querySelector('[data-name="at"]').value : "";
      var floor = last || this.form.querySelector('[data-key="opened"]').value;
      var now = nowIn(this.data.timezone);
      row.querySelector('[data-name="at"]').value = floor && before(now, floor) ? floor : now;
    } else {
      row.querySelector('[data-name="declared"]').value = nowIn(this.data.timezone, true);
    }
    syncRow(row);
    renumber(this.form, list, spec.noun);
    return row;
  };

  RecordForm.prototype.act = function (button, event) {
    var action = button.getAttribute("data-action");
    if (action === "add-engagement" || action === "add-purview") {
      var row = this.addRow(action === "add-engagement" ? "escalations" : "purview");
      row.querySelector("select, input, textarea").focus();
    } else if (action === "remove-row") {
      var list = button.closest("[data-rows]").getAttribute("data-rows");
      button.closest(".ep-row").remove();
      renumber(this.form, list, this.kind.rows[list].noun);
    } else if (this.current.errors) {
      event.preventDefault();
      return;
    } else if (action === "copy") {
      this.copy();
    } else if (action === "download") {
      var name = this.current.path.split("/").pop();
      download(this.current.text, name);
      this.say("Downloaded " + name + ": put it at " + this.current.path +
        " in your clone of the repository and open a pull request.");
    } else if (action === "pull-request") {
      this.say("GitHub's new-file page opens with " + this.current.path +
        " filled in: commit it to a new branch and open the pull request.");
    }
    this.update();
  };

  RecordForm.prototype.copy = function () {
    var self = this, text = this.current.text;
    copyText(text).then(function (ok) {
      if (ok) self.say("Copied the record file: paste it into " + self.current.path + ".");
      else {
        selectText(self.preview);
        self.say("Copying is not allowed here: the text is selected, press Ctrl+C (⌘C).");
      }
    });
  };

  RecordForm.prototype.say = function (message) { this.status.textContent = message; };

  RecordForm.prototype.update = function () {
    var values = this.kind.read(this.form);
    var problems = this.kind.validate(values, this.data, this.re);
    var text = this.kind.text(values, this.data);
    var path = this.kind.path(values, this.data);
    this.current = { text: text, path: path, errors: problems.errors.length };
    this.preview.textContent = text;
    this.path.textContent = path;
    this.showProblems(problems);
    this.showActions(text, path, problems.errors.length);
  };

  RecordForm.prototype.showProblems = function (problems) {
    var byKey = function (list) {
      var map = {};
      list.forEach(function (item) { (map[item[0]] = map[item[0]] || []).push(item[1]); });
      return map;
    };
    var errors = byKey(problems.errors), notes = byKey(problems.notes);
    var summary = this.page.querySelector(".ep-problems ul");
    summary.textContent = "";
    this.page.querySelectorAll("[data-field]").forEach(function (wrap) {
      var key = wrap.getAttribute("data-field");
      var why = wrap.querySelector(":scope > .ep-why");
      var note = wrap.querySelector(":scope > .ep-note");
      var control = wrap.querySelector(":scope > input, :scope > select, :scope > textarea");
      if (why) why.textContent = (errors[key] || []).join("\n");
      if (note) note.textContent = (notes[key] || []).join("\n");
      wrap.classList.toggle("ep-invalid", !!errors[key]);
      if (control) {
        if (errors[key]) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
      (errors[key] || []).forEach(function (message) {
        var item = summary.appendChild(el("li"));
        var link = item.appendChild(el("a", "", wrap.getAttribute("data-label") || key));
        link.href = "#" + (control ? control.id : "");
        link.addEventListener("click", function (event) {
          event.preventDefault();
          (control || wrap).scrollIntoView({ block: "center" });
          if (control) control.focus();
        });
        var lines = message.split("\n");
        item.appendChild(document.createTextNode(": " + lines[0] + (lines.length > 1 ? " " +
          lines.slice(1).map(function (line) { return line.replace(/^☐ /, ""); }).join("; ") : "")));
      });
    });
    var count = problems.errors.length;
    this.page.querySelector(".ep-problems-title").textContent = count ?
      count + " value" + (count > 1 ? "s" : "") + " to fix before the record can be used:" :
      "Nothing is refused: the record passes the checks of escalation check.";
    this.page.querySelector(".ep-problems").classList.toggle("ep-clean", !count);
  };

  RecordForm.prototype.showActions = function (text, path, errors) {
    this.page.querySelectorAll("button[data-action=copy], button[data-action=download]")
      .forEach(function (button) { button.disabled = errors > 0; });
    var link = this.page.querySelector("a[data-action=pull-request]");
    if (!link) return;
    if (errors || !this.data.repo.new_file) {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      return;
    }
    link.removeAttribute("aria-disabled");
    link.href = this.data.repo.new_file + "?filename=" + encodeURIComponent(path) +
      "&value=" + encodeURIComponent(text);
  };

  // ---------------------------------------------------------------- start
  function start() {
    var page = document.querySelector("[data-ep-form]");
    var source = document.getElementById("ep-form-data");
    if (!page || !source || page.getAttribute("data-ep-ready")) return;
    var kind = page.getAttribute("data-ep-form");
    if (!KINDS[kind]) return;
    page.setAttribute("data-ep-ready", "true");
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (e) {
      page.insertBefore(el("p", "ep-why", "The form's data could not be read: " + e.message),
        page.firstChild);
      return;
    }
    new RecordForm(page, kind, data);
  }

  // With Material's instant navigation pages are swapped without a load event.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
