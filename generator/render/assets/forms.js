// The record forms: "Log New Ticket" and "Add Administrator" (pages from
// generator/render/forms.py). Reads the page's embedded JSON (#ep-form-data), writes the
// record file into the preview on every input, refuses what `escalation check` refuses
// (saying why next to the field), and offers copy, download and GitHub's new-file page.
// Written for this project; no dependencies, no requests. User text only ever reaches the
// page through textContent.
//
// Every field rule comes from data.schema (generator/schema/fields.py as JSON): the
// fields of each record and their file order, types, required and required_when,
// choices, defaults, bounds, help and the patterns. Rows are built and values read,
// checked and written by walking it; LAYOUT only says how a field is shown.
//
// What stays in code, because it relates fields or records or is not a field:
// - the ticket ID and admin slug, which name the file (not keys of the record), and the
//   files that already exist;
// - times in order: resolved and engagements not before opened, engagements oldest
//   first, a response not before its engagement;
// - resolved needed when the status is done (data.done_statuses);
// - the ticket's tier agreeing with its engagements, and escalate needing the checklist;
// - advice that does not block (services nobody declares, inactive admins, gaps);
// - presets of a new form or row (now, today, the slug from the name);
// - YAML quoting, the same choice as generator/render/yaml_text.py.
(function () {
  "use strict";

  // ---------------------------------------------------------------- YAML text
  // The same choice as generator/render/yaml_text.py: plain where unambiguous, else a
  // double-quoted string (JSON-style escapes are valid YAML).
  var PLAIN = /^[A-Za-z][A-Za-z0-9 ._/()-]*$/;
  var RESERVED = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"];
  var DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  // What the record reader refuses anywhere in a file (generator/read/frontmatter.py).
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

  // ---------------------------------------------------------------- the schema
  function fieldsOf(data, kind) { return data.schema.kinds[kind] || []; }

  function specOf(data, kind, name) {
    return fieldsOf(data, kind).filter(function (spec) { return spec.name === name; })[0];
  }

  // As FieldSpec.required_for: given the values of the fields before it.
  function requiredFor(spec, values) {
    var when = spec.required_when;
    return spec.required || (!!when && values[when.field] === when.value);
  }

  // How a field is shown, by record kind and key; nothing else. label (of a row's field;
  // the pages label theirs), area (a textarea), placeholder, list, hint (the schema's help
  // under the control, else its tooltip), blank (a "choose" option), missing (what the
  // "Required" message asks for), toggle (the checkbox that opens a nested record),
  // whenRequired (shown only while required), keep (written even while empty, so an
  // unfinished entry keeps its shape), unreadable (what a number field expects).
  var LAYOUT = {
    ticket: {
      title: { missing: "a short description of the ticket", keep: true }
    },
    engagement: {
      admin: { label: "Admin", missing: "choose the admin engaged", keep: true },
      tier: { label: "Tier", blank: false, keep: true },
      at: { label: "Engaged at", keep: true },
      tag: { label: "Tag", hint: true },
      reason: { label: "Reason", area: true, hint: true },
      message: { label: "Meta-protocol message", area: true, hint: true,
                 placeholder: "What process can SC follow next time?" },
      response: { label: "The admin has responded", toggle: "responded" }
    },
    response: {
      at: { label: "Responded at", missing: "when the admin responded", keep: true },
      outcome: { label: "Outcome", keep: true },
      redirect_to: { label: "Redirected to", missing: "the admin the ticket was sent on to",
                     whenRequired: true, keep: true },
      process: { label: "Process SC can follow next time", area: true, hint: true }
    },
    admin: {
      name: { missing: "the administrator's name", keep: true },
      response_window_hours: { unreadable: "a number of business hours such as 16" }
    },
    purview: {
      service: { label: "Service", list: "ep-services", placeholder: "file-shares",
                 missing: "the service's slug", keep: true },
      scope: { label: "Scope", area: true, hint: true, missing: "what the service covers" },
      excludes: { label: "Excludes", area: true, hint: true },
      sc_process: { label: "What SC may do itself", area: true, hint: true },
      declared: { label: "Declared", missing: "when the service was declared", keep: true },
      source: { label: "Source", placeholder: "PR #42, e-mail of 2026-11-16, team meeting",
                missing: "where the declaration came from (pull request, e-mail, meeting)",
                keep: true }
    }
  };

  function layoutOf(kind, name) { return (LAYOUT[kind] || {})[name] || {}; }

  function article(word) { return (/^[aeiou]/i.test(word) ? "an " : "a ") + word; }

  // "an escalate engagement needs a tag", from the field's required_when.
  function missingOf(kind, spec, layout) {
    var when = spec.required_when;
    if (layout.missing || !when) return layout.missing || "";
    return article(when.value) + " " + kind + " needs " +
      article((layout.label || spec.name).toLowerCase());
  }

  // ---------------------------------------------------------------- problems
  function Problems() { this.errors = []; this.notes = []; }
  Problems.prototype.error = function (key, message) { this.errors.push([key, message]); };
  Problems.prototype.note = function (key, message) { this.notes.push([key, message]); };

  // True when there is no value (then refused if required): nothing more to check.
  function absent(p, key, value, required, what) {
    if (!value && required) p.error(key, "Required" + (what ? ": " + what : "") + ".");
    return !value;
  }

  function checkText(p, key, value, required, what) {
    if (absent(p, key, value, required, what)) return false;
    var bad = CONTROL.exec(value);
    if (bad) {
      var code = bad[0].charCodeAt(0).toString(16).toUpperCase();
      p.error(key, "Contains the control character U+" + ("000" + code).slice(-4) +
        ", which a record may not hold: remove it.");
      return false;
    }
    return true;
  }

  function checkTime(p, key, value, required, what, date) {
    if (absent(p, key, value, required, what) || (date ? DATE : DATETIME).test(value)) return;
    p.error(key, "Expected " + (date ? "a date such as 2026-11-16" :
      "a date and time such as 2026-11-16T09:30") + " but received " + show(value) + ".");
  }

  function checkChoice(p, key, value, choices, required) {
    var list = choices.join(", ");
    if (absent(p, key, value, required, "choose one of " + list) || choices.indexOf(value) >= 0) return;
    p.error(key, "Expected one of " + list + " but received " + show(value) + ".");
  }

  function checkNumber(p, key, value, spec, layout, largest) {
    if (value === UNREADABLE) {
      p.error(key, "Expected " + (layout.unreadable || "a number") + ".");
      return;
    }
    if (!value) return;
    var number = Number(value);
    if (!isFinite(number) || number > largest) {
      // the bound in exponent form: a limit to read, not an amount to count digits of
      p.error(key, "Expected a finite number of at most " +
        largest.toExponential().replace("+", "") + " but received " + value + ".");
    } else if (spec.maximum !== undefined && number > spec.maximum) {
      p.error(key, "Expected a number of at most " + spec.maximum + " but received " +
        value + ".");
    } else if (spec.minimum !== undefined && number < spec.minimum) {
      p.error(key, "Expected a number of at least " + spec.minimum + " but received " +
        value + ".");
    }
  }

  // What the loader refuses in one field's value, for every field of ``kind``.
  function checkFields(p, kind, values, prefix, data, re) {
    fieldsOf(data, kind).forEach(function (spec) {
      var key = prefix + spec.name, value = values[spec.name], layout = layoutOf(kind, spec.name);
      var required = requiredFor(spec, values), what = missingOf(kind, spec, layout);
      if (value === null) return;
      if (spec.type === "datetime" || spec.type === "date") {
        checkTime(p, key, value, required, what, spec.type === "date");
      } else if (spec.type === "choice") {
        checkChoice(p, key, value, spec.choices, required);
      } else if (spec.type === "number") {
        checkNumber(p, key, value, spec, layout, data.schema.largest_number);
      } else if (spec.type === "text-list") {
        value.forEach(function (item) { checkText(p, key, item, false); });
      } else if (spec.type === "record") {
        checkFields(p, spec.record, value, key + ".", data, re);
      } else if (spec.type === "records") {
        value.forEach(function (entry, i) {
          checkFields(p, spec.record, entry, key + "." + i + ".", data, re);
        });
      } else if (spec.type !== "boolean" && spec.type !== "checklist" &&
                 checkText(p, key, value, required, what)) {
        if (spec.type === "service" && !re.service.test(value)) {
          p.error(key, "Expected a service slug of lowercase letters, digits, '.', '_' and '-' " +
            "(such as file-shares) but received " + show(value) + ".");
        } else if (spec.type === "admin" && !adminOf(data, value)) {
          p.error(key, "Expected the slug of an admin in " + data.paths.admins +
            "/ but received " + show(value) + ".");
        }
      }
    });
  }

  // ---------------------------------------------------------------- reading
  // A number input holding what the browser cannot read as one (its value is then "").
  var UNREADABLE = {};

  function valueOf(control) {
    if (!control) return "";
    return control.value.replace(/\r\n?/g, "\n").trim();
  }

  function rowsOf(root, list) {
    var holder = root.querySelector('[data-rows="' + list + '"]');
    return holder ? Array.prototype.slice.call(holder.children) : [];
  }

  // The values of ``kind``'s fields, whose controls in ``root`` carry ``attribute`` =
  // ``prefix`` + key. A field that is absent (a closed nested record, a field shown only
  // while required) is null.
  function readFields(kind, root, attribute, prefix, data) {
    var values = {};
    var find = function (name) {
      return root.querySelector("[" + attribute + '="' + prefix + name + '"]');
    };
    fieldsOf(data, kind).forEach(function (spec) {
      var control = find(spec.name), layout = layoutOf(kind, spec.name);
      var value;
      if (layout.whenRequired && !requiredFor(spec, values)) {
        value = null;
      } else if (spec.type === "records") {
        value = rowsOf(root, spec.name).map(function (row) {
          return readFields(spec.record, row, "data-name", "", data);
        });
      } else if (spec.type === "record") {
        var toggle = find(layout.toggle || spec.name);
        value = toggle && toggle.checked ?
          readFields(spec.record, root, attribute, prefix + spec.name + ".", data) : null;
      } else if (spec.type === "checklist") {
        value = {};
        root.querySelectorAll("[data-checklist]").forEach(function (box) {
          value[box.getAttribute("data-checklist")] = box.checked;
        });
      } else if (spec.type === "boolean") {
        value = control ? control.checked : spec.default === true;
      } else if (spec.type === "number" && control && control.validity &&
                 control.validity.badInput) {
        value = UNREADABLE;
      } else if (spec.type === "text-list") {
        value = valueOf(control).split(",").map(function (t) { return t.trim(); })
          .filter(Boolean);
      } else {
        value = valueOf(control);
      }
      values[spec.name] = value;
    });
    return values;
  }

  // ---------------------------------------------------------------- writing
  // The lines of ``kind``'s fields in the schema's order, each key at ``indent``.
  function fieldLines(kind, values, indent, data, lines) {
    fieldsOf(data, kind).forEach(function (spec) {
      var value = values[spec.name], key = indent + spec.name + ":";
      if (value === null || value === undefined || value === UNREADABLE) return;
      if (spec.type === "checklist") {
        lines.push(key);
        data.checklist.forEach(function (item) {
          lines.push(indent + "  " + scalar(item.id) + ": " + scalar(!!value[item.id]) + "  # " +
            comment(item.text));
        });
      } else if (spec.type === "records" || spec.type === "text-list") {
        if (!value.length) {
          if (spec.in_skeleton) lines.push(key + " []");
          return;
        }
        lines.push(key);
        value.forEach(function (entry) {
          if (spec.type === "text-list") {
            lines.push(indent + "  - " + scalar(entry));
            return;
          }
          var inner = indent + "    ", entryLines = fieldLines(spec.record, entry, inner, data, []);
          if (!entryLines.length) entryLines.push(inner + "{}");
          entryLines[0] = indent + "  - " + entryLines[0].slice(inner.length);
          Array.prototype.push.apply(lines, entryLines);
        });
      } else if (spec.type === "record") {
        lines.push(key);
        fieldLines(spec.record, value, indent + "  ", data, lines);
      } else if (spec.type === "boolean") {
        lines.push(key + " " + scalar(value));
      } else if (spec.type === "number") {
        var number = Number(value);
        if (value) lines.push(key + " " + (isFinite(number) ? String(number) : scalar(value)));
      } else if (value || layoutOf(kind, spec.name).keep) {
        var timed = spec.type === "datetime" || spec.type === "date";
        lines.push(key + " " + (timed ? when(value) : scalar(value)));
      }
    });
    return lines;
  }

  function recordText(kind, values, data, placeholder) {
    var lines = fieldLines(kind, values, "", data, ["---"]);
    lines.push("---", "");
    return lines.join("\n") + "\n" + body(values.body, placeholder);
  }

  // ---------------------------------------------------------------- ticket rules
  function ticketRules(p, v, data, re) {
    if (checkText(p, "id", v.id, true, "the TDX ticket number, which names the file")) {
      if (!re.ticket_id.test(v.id)) {
        p.error("id", "Expected a ticket ID of letters, digits, '.', '_' and '-' (at most 64, " +
          "starting with a letter or digit, such as 48213) but received " + show(v.id) + ".");
      } else if (data.existing.tickets.indexOf(v.id) >= 0) {
        p.error("id", "Ticket " + v.id + " already exists under " + data.paths.tickets +
          "/: edit that file instead.");
      }
    }
    var opened = DATETIME.test(v.opened) ? v.opened : null;
    if (data.done_statuses.indexOf(v.status) >= 0 && !v.resolved) {
      p.error("resolved", "Required: the status is " + v.status + ".");
    } else if (opened && DATETIME.test(v.resolved) && before(v.resolved, opened)) {
      p.error("resolved", "Expected a time not before opened (" + shown(opened) +
        ") but received " + shown(v.resolved) + ".");
    }
    if (v.service && re.service.test(v.service)) serviceNotes(p, v, data);
    checkText(p, "body", v.body, false);
    engagementRules(p, v, data, opened);
    var tier = specOf(data, "ticket", "tier").choices.indexOf(v.tier) >= 0 ? v.tier : null;
    validateTier(p, v, tier);
    validateChecklist(p, v, data);
  }

  function engagementRules(p, v, data, opened) {
    var previous = null;
    v.escalations.forEach(function (e, i) {
      var key = "escalations." + i + ".";
      if (DATETIME.test(e.at)) {
        if (opened && before(e.at, opened)) {
          p.error(key + "at", "Expected a time not before opened (" + shown(opened) +
            ") but received " + shown(e.at) + ".");
        } else if (previous && before(e.at, previous)) {
          p.error(key + "at", "Expected a time not before engagement " + i + " (" +
            shown(previous) + ") but received " + shown(e.at) + "; list engagements oldest first.");
        }
        previous = e.at;
      }
      var admin = adminOf(data, e.admin);
      if (admin && !admin.active) {
        p.note(key + "admin", admin.name + " (" + admin.slug + ") is marked inactive.");
      }
      if (admin && e.tier === "escalate" && v.service && declaredBy(data, v.service, true).length &&
          admin.services.indexOf(v.service) < 0) {
        p.note(key + "admin", admin.name + " does not declare the service '" + v.service +
          "' in their purview.");
      }
      var response = e.response;
      if (response && DATETIME.test(response.at) && DATETIME.test(e.at) && before(response.at, e.at)) {
        p.error(key + "response.at", "Expected a time not before the engagement (" + shown(e.at) +
          ") but received " + shown(response.at) + ".");
      }
    });
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

  function ticketPath(v, data) {
    var year = DATETIME.test(v.opened) ? v.opened.slice(0, 4) : "<year opened>";
    return data.paths.tickets + "/" + year + "/" + (v.id || "<ID>") + ".md";
  }

  // ---------------------------------------------------------------- admin rules
  function adminRules(p, v, data, re) {
    if (checkText(p, "slug", v.slug, true, "the administrator's slug, which names the file")) {
      if (!re.admin_slug.test(v.slug)) {
        p.error("slug", "Expected a slug of lowercase letters, digits and '-' (at most 64, " +
          "such as dana-okafor) but received " + show(v.slug) + ".");
      } else if (data.existing.admins.indexOf(v.slug) >= 0) {
        p.error("slug", data.paths.admins + "/" + v.slug + ".md already exists: edit that file" +
          " instead.");
      }
    }
    checkText(p, "body", v.body, false);
    if (v.email && v.email.indexOf("@") < 0) p.note("email", "This does not look like an e-mail address.");
    purviewRules(p, v, data, re);
  }

  function purviewRules(p, v, data, re) {
    var seen = {};
    v.purview.forEach(function (entry, i) {
      var key = "purview." + i + ".service", service = entry.service;
      if (!service || !re.service.test(service)) return;
      if (Object.prototype.hasOwnProperty.call(seen, service)) {
        p.error(key, "'" + service + "' is already declared in service " + (seen[service] + 1) +
          " of this form.");
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
        p.note(key, "Also declared by " + names(true).join(", ") +
          ": agree on one owner, or split the scope.");
      } else if (names(false).length) {
        p.note(key, "Declared only by inactive " + names(false).join(", ") +
          ": this administrator takes the service over.");
      } else if (data.gaps.indexOf(service) >= 0) {
        p.note(key, "No active admin declares '" + service + "' yet: this closes a gap.");
      }
    });
  }

  function adminPath(v, data) {
    return data.paths.admins + "/" + (v.slug || "<slug>") + ".md";
  }

  // ---------------------------------------------------------------- controls and rows
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

  var INPUT_TYPES = { datetime: "datetime-local", date: "date", boolean: "checkbox",
                      number: "number" };
  // Fields a row or the generated part of a page cannot hold: the pages lay these out,
  // except the response windows per priority, which are written in the file by hand.
  var LAID_OUT = { record: true, records: true, checklist: true, windows: true };

  function makeControl(spec, layout, data) {
    var control;
    if (spec.type === "admin") {
      control = el("select");
      adminSelect(control, data);
    } else if (spec.type === "choice") {
      control = el("select");
      if ("blank" in layout ? layout.blank : spec.default === undefined) {
        control.appendChild(el("option", "", "— choose —")).value = "";
      }
      spec.choices.forEach(function (value) {
        control.appendChild(el("option", "", value)).value = value;
      });
      if (spec.default !== undefined) control.value = spec.default;
    } else if (layout.area) {
      control = el("textarea");
      control.rows = 2;
    } else {
      control = el("input");
      control.type = INPUT_TYPES[spec.type] || "text";
      if (layout.list) control.setAttribute("list", layout.list);
      if (spec.minimum !== undefined) control.min = String(spec.minimum);
      if (spec.maximum !== undefined) control.max = String(spec.maximum);
      if (spec.type === "number") control.step = "any";
      if (spec.type === "boolean") control.checked = spec.default === true;
      control.autocomplete = "off";
    }
    if (layout.placeholder) control.placeholder = layout.placeholder;
    return control;
  }

  // One field: label, control, and where the why and the advice go. ``top`` for a field
  // of the page itself (data-key, a fixed id), else one of a row (data-name).
  function makeField(name, spec, layout, data, top) {
    uid += 1;
    var id = top ? "ep-f-" + name : "ep-r" + uid + "-" + name.replace(/\W/g, "-");
    var checkbox = spec.type === "boolean";
    var wrap = el("div", "ep-field" + (checkbox ? " ep-check" : ""));
    wrap.setAttribute(top ? "data-field" : "data-part", name);
    var label = el("label", "", layout.label || name);
    label.htmlFor = id;
    var control = makeControl(spec, layout, data);
    control.id = id;
    control.setAttribute(top ? "data-key" : "data-name", name);
    if (spec.help && !layout.hint) control.title = spec.help;
    var why = el("p", "ep-why"), note = el("p", "ep-note");
    why.id = id + "-why";
    note.id = id + "-note";
    control.setAttribute("aria-describedby", why.id + " " + note.id);
    if (checkbox) wrap.append(control, label);
    else {
      if (spec.required || layout.whenRequired) label.appendChild(el("span", "ep-required", " *"));
      wrap.append(label, control);
    }
    if (spec.help && layout.hint) {
      var hint = wrap.appendChild(el("small", "ep-help", spec.help));
      hint.id = id + "-help";
      control.setAttribute("aria-describedby", why.id + " " + note.id + " " + hint.id);
    }
    wrap.append(why, note);
    return wrap;
  }

  // The controls of ``kind``'s fields in schema order; a nested record is a checkbox that
  // opens a group of its own fields.
  function appendFields(parent, kind, prefix, data) {
    fieldsOf(data, kind).forEach(function (spec) {
      var layout = layoutOf(kind, spec.name);
      if (spec.type === "record") {
        var toggle = prefix + (layout.toggle || spec.name);
        parent.appendChild(makeField(toggle, { type: "boolean", help: spec.help }, layout, data));
        var group = parent.appendChild(el("div", "ep-subrow"));
        group.setAttribute("data-group", spec.name);
        group.setAttribute("data-toggle", toggle);
        appendFields(group, spec.record, prefix + spec.name + ".", data);
      } else if (!LAID_OUT[spec.type]) {
        var field = parent.appendChild(makeField(prefix + spec.name, spec, layout, data));
        if (layout.whenRequired) {
          field.setAttribute("data-when-field", prefix + spec.required_when.field);
          field.setAttribute("data-when-value", spec.required_when.value);
        }
      }
    });
  }

  function makeRow(kind, data, noun) {
    var row = el("fieldset", "ep-row");
    row.appendChild(el("legend", "", noun));
    appendFields(row, kind, "", data);
    var remove = row.appendChild(el("button", "md-button ep-remove", "Remove " + noun.toLowerCase()));
    remove.type = "button";
    remove.setAttribute("data-action", "remove-row");
    return row;
  }

  // A field of the page's kind that its template does not lay out (one added to the
  // schema since) still gets a control, in a last fieldset.
  function addMissingFields(form, kind, data) {
    var more = null;
    fieldsOf(data, kind).forEach(function (spec) {
      if (LAID_OUT[spec.type] || form.querySelector('[data-key="' + spec.name + '"]')) return;
      if (!more) {
        more = form.appendChild(el("fieldset"));
        more.appendChild(el("legend", "", "More fields"));
      }
      more.appendChild(makeField(spec.name, spec, layoutOf(kind, spec.name), data, true));
    });
  }

  function renumber(form, list) {
    var noun = form.querySelector('[data-rows="' + list + '"]').getAttribute("data-noun");
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

  // Show a nested record only once its checkbox is ticked, and a field shown only while
  // required (the redirect target) only while its sibling says so.
  function syncRow(row) {
    row.querySelectorAll("[data-toggle]").forEach(function (group) {
      var toggle = row.querySelector('[data-name="' + group.getAttribute("data-toggle") + '"]');
      group.hidden = !toggle.checked;
    });
    row.querySelectorAll("[data-when-field]").forEach(function (wrap) {
      var sibling = row.querySelector('[data-name="' + wrap.getAttribute("data-when-field") + '"]');
      wrap.hidden = !sibling || sibling.value !== wrap.getAttribute("data-when-value");
    });
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
  // Per page: the control that names the file (not a key of the record), the rules that
  // need code, the file's path, and the placeholder of an empty body.
  var KINDS = {
    ticket: { file: "id", rules: ticketRules, path: ticketPath,
              notes: "<!-- Notes: what was tried, what the requestor said, what the admin asked. -->" },
    admin: { file: "slug", rules: adminRules, path: adminPath,
             notes: "<!-- Notes: what this administrator looks after, and how SC should reach them. -->" }
  };

  function RecordForm(page, kind, data) {
    this.page = page;
    this.name = kind;
    this.kind = KINDS[kind];
    this.data = data;
    this.form = page.querySelector("form");
    this.preview = page.querySelector(".ep-preview");
    this.path = page.querySelector(".ep-path");
    this.status = page.querySelector(".ep-status");
    this.re = {};
    var patterns = data.schema.patterns;
    for (var name in patterns) this.re[name] = new RegExp(patterns[name]);
    this.current = { text: "", path: "", errors: 1 };
    addMissingFields(this.form, kind, data);
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
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
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
    var holder = this.form.querySelector('[data-rows="' + list + '"]');
    var kind = specOf(this.data, this.name, list).record;
    var row = holder.appendChild(makeRow(kind, this.data, holder.getAttribute("data-noun")));
    if (list === "escalations") {
      var tier = this.form.querySelector('[data-key="tier"]').value;
      row.querySelector('[data-name="tier"]').value = tier === "escalate" ? "escalate" : "collaborate";
      var rows = rowsOf(this.form, list);
      var last = rows.length > 1 ? rows[rows.length - 2].querySelector('[data-name="at"]').value : "";
      var floor = last || this.form.querySelector('[data-key="opened"]').value;
      var now = nowIn(this.data.timezone);
      row.querySelector('[data-name="at"]').value = floor && before(now, floor) ? floor : now;
    } else if (list === "purview") {
      row.querySelector('[data-name="declared"]').value = nowIn(this.data.timezone, true);
    }
    syncRow(row);
    renumber(this.form, list);
    return row;
  };

  RecordForm.prototype.act = function (button, event) {
    var action = button.getAttribute("data-action");
    if (action.indexOf("add-") === 0) {
      var holder = button.closest("[data-field]").querySelector("[data-rows]");
      var row = this.addRow(holder.getAttribute("data-rows"));
      row.querySelector("select, input, textarea").focus();
    } else if (action === "remove-row") {
      var list = button.closest("[data-rows]").getAttribute("data-rows");
      button.closest(".ep-row").remove();
      renumber(this.form, list);
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

  // Submitting checks the record: focus goes to the first refused value (its reason is
  // tied to it by aria-describedby), or, when nothing is refused, to the copy button.
  RecordForm.prototype.submit = function () {
    this.update();
    var count = this.current.errors;
    if (!count) {
      this.say("Nothing is refused: copy the record file or download it.");
      var copy = this.page.querySelector("button[data-action=copy]");
      if (copy) copy.focus();
      return;
    }
    // In page order; a group whose own rows hold the refused value yields to that row.
    var first = Array.prototype.filter.call(this.page.querySelectorAll(".ep-invalid"),
      function (wrap) { return !wrap.querySelector(".ep-invalid"); })[0];
    var target = first && (first.matches("fieldset") ?
      first.querySelector("input, select, textarea, button") :
      first.querySelector(":scope > input, :scope > select, :scope > textarea"));
    this.say(count + " value" + (count > 1 ? "s" : "") + " to fix before the record can be used" +
      (first ? ", the first is " + (first.getAttribute("data-label") || "") : "") + ".");
    if (target) {
      target.scrollIntoView({ block: "center" });
      target.focus();
    }
  };

  RecordForm.prototype.update = function () {
    var form = this.form, data = this.data, file = this.kind.file;
    var values = readFields(this.name, form, "data-key", "", data);
    values[file] = valueOf(form.querySelector('[data-key="' + file + '"]'));
    values.body = form.querySelector('[data-key="body"]').value;
    var problems = new Problems();
    checkFields(problems, this.name, values, "", data, this.re);
    this.kind.rules(problems, values, data, this.re);
    var text = recordText(this.name, values, data, this.kind.notes);
    var path = this.kind.path(values, data);
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
