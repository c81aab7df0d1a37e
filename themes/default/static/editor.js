/* The web editor's additions to Decap CMS (/admin/): previews drawn with the site's own stylesheet,
 * a widget offering the vocabulary's values (and taking new ones), file names that follow the site's
 * slug rule. Loaded after decap-cms.js, which defines CMS, h (React.createElement) and createClass. */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var script = document.currentScript;
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"];

  if (script && script.dataset.style) {
    CMS.registerPreviewStyle(script.dataset.style);
  }

  function plain(value) {
    if (value === undefined || value === null) { return value; }
    return typeof value.toJS === "function" ? value.toJS() : value;
  }

  function asList(value) {
    var found = plain(value);
    if (found === undefined || found === null || found === "") { return []; }
    return Array.isArray(found) ? found.map(String) : String(found).split(",").map(function (v) { return v.trim(); });
  }

  // « 21 novembre 2026 », as the site writes dates.
  function frenchDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(plain(value) || ""));
    if (!match) { return ""; }
    var day = parseInt(match[3], 10);
    return (day === 1 ? "1er" : String(day)) + " " + MONTHS[parseInt(match[2], 10) - 1] + " " + match[1];
  }

  function shown(value) {
    var found = plain(value);
    if (found === true) { return "oui"; }
    if (found === false) { return ""; }
    if (Array.isArray(found)) { return found.join(", "); }
    return found === undefined || found === null ? "" : String(found);
  }

  // The fiche of an item: every field of its collection with a value, under the label the site shows.
  function details(props, skip) {
    var data = props.entry.get("data");
    var rows = [];
    props.collection.get("fields").forEach(function (field) {
      var name = field.get("name");
      if (skip.indexOf(name) >= 0 || field.get("widget") === "hidden" || name === "body") { return; }
      var text = field.get("widget") === "datetime" ? frenchDate(data.get(name)) : shown(data.get(name));
      if (!text) { return; }
      rows.push(h("div", { className: "detail", key: name },
        h("dt", null, field.get("label")),
        h("dd", null, h("span", { className: "detail-text" }, text))));
    });
    return h("dl", { className: "details" }, rows);
  }

  var ActionPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var status = data.get("status");
      var date = frenchDate(data.get("date"));
      return h("main", { className: "wrap" },
        h("article", { className: "action" },
          h("header", { className: "page-header" },
            h("p", { className: "kicker" }, "Initiative", status ? " · " : null,
              status ? h("span", { className: status === "terminée" ? "status-done" : "status-ongoing" }, status) : null),
            h("h1", null, data.get("title") || "Sans titre"),
            h("p", { className: "byline" },
              h("span", null, data.get("centre") || ""),
              date ? h("span", null, " publiée le ", h("time", null, date)) : null),
            data.get("draft") ? h("p", { className: "notice" }, "Brouillon : cette action n’est pas publiée.") : null),
          h("div", { className: "action-layout" },
            data.get("summary") ? h("section", { className: "summary" },
              h("h2", null, "Résumé"), h("p", null, data.get("summary"))) : null,
            h("section", { className: "fiche" },
              h("h2", null, "La fiche de l’action"),
              details(this.props, ["title", "summary", "draft"])),
            h("div", { className: "prose" }, this.props.widgetFor("body")))));
    }
  });

  var CentrePreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h("main", { className: "wrap" },
        h("article", { className: "centre" },
          h("header", { className: "page-header" },
            h("p", { className: "kicker" }, [data.get("kind"), data.get("department")].filter(Boolean).join(" · ")),
            h("h1", null, data.get("name") || "Sans nom")),
          h("section", { className: "fiche" },
            h("h2", null, "Coordonnées"),
            details(this.props, ["name", "kind", "department"])),
          h("section", { className: "prose" },
            h("h2", null, "Présentation"), this.props.widgetFor("body"))));
    }
  });

  var PagePreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h("main", { className: "wrap" },
        h("article", { className: "page" },
          h("header", { className: "page-header" }, h("h1", null, data.get("title") || "Sans titre")),
          h("div", { className: "prose" }, this.props.widgetFor("body"))));
    }
  });

  CMS.registerPreviewTemplate("actions", ActionPreview);
  CMS.registerPreviewTemplate("centres", CentrePreview);
  CMS.registerPreviewTemplate("pages", PagePreview);

  // A list of values from the vocabulary (content/vocabulary.yaml), offered as suggestions; a value it
  // lacks is taken too, marked, and `initiatives check` reports it as it does for imported sheets.
  var VocabularyControl = createClass({
    getInitialState: function () { return { text: "" }; },

    options: function () { return asList(this.props.field.get("options")); },

    save: function (values) {
      // Decap keeps lists as Immutable lists: make one from the field's own (always a list) options.
      var empty = this.props.field.get("options").clear();
      this.props.onChange(empty.push.apply(empty, values));
    },

    add: function (text) {
      var value = String(text || "").trim();
      var values = asList(this.props.value);
      var known = this.options().find(function (option) {
        return option.toLocaleLowerCase("fr") === value.toLocaleLowerCase("fr");
      });
      value = known || value;
      if (value && values.indexOf(value) < 0) { this.save(values.concat([value])); }
      this.setState({ text: "" });
    },

    remove: function (value) {
      this.save(asList(this.props.value).filter(function (v) { return v !== value; }));
    },

    render: function () {
      var self = this;
      var values = asList(this.props.value);
      var options = this.options();
      var listId = this.props.forID + "-valeurs";
      var label = this.props.field.get("label");
      return h("div", { className: this.props.classNameWrapper },
        values.length ? h("ul", { className: "vocabulary-chosen", style: { listStyle: "none", padding: 0, margin: "0 0 8px" } },
          values.map(function (value) {
            var unknown = options.indexOf(value) < 0;
            return h("li", { key: value, style: { display: "inline-flex", alignItems: "center", margin: "0 6px 6px 0",
              padding: "2px 4px 2px 10px", borderRadius: "12px", background: unknown ? "#fff3cd" : "#e8eefc" } },
              h("span", null, value, unknown ? " (hors vocabulaire)" : ""),
              h("button", { type: "button", onClick: function () { self.remove(value); },
                "aria-label": "Retirer « " + value + " »", style: { marginLeft: "4px", border: 0, background: "none",
                  cursor: "pointer", fontSize: "16px", minWidth: "24px", minHeight: "24px" } }, "×"));
          })) : null,
        h("div", { style: { display: "flex", gap: "8px" } },
          h("input", {
            id: this.props.forID, type: "text", list: listId, value: this.state.text,
            "aria-label": label + " : choisir ou saisir une valeur",
            placeholder: "Choisir dans la liste ou saisir une valeur",
            style: { flex: 1, padding: "8px", border: "1px solid #dfdfe3", borderRadius: "4px" },
            onChange: function (event) {
              var text = event.target.value;
              // A suggestion picked from the list (Chromium: insertReplacementText; others: no inputType) is
              // added at once; typed text waits for Entrée or « Ajouter ».
              var kind = event.nativeEvent && event.nativeEvent.inputType;
              if ((kind === undefined || kind === "insertReplacementText") && options.indexOf(text) >= 0) {
                self.add(text);
              } else {
                self.setState({ text: text });
              }
            },
            onKeyDown: function (event) {
              if (event.key === "Enter") { event.preventDefault(); self.add(self.state.text); }
            },
            onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle
          }),
          h("button", { type: "button", onClick: function () { self.add(self.state.text); },
            style: { padding: "8px 12px", cursor: "pointer" } }, "Ajouter")),
        h("datalist", { id: listId }, options.filter(function (option) { return values.indexOf(option) < 0; })
          .map(function (option) { return h("option", { key: option, value: option }); })),
        values.some(function (value) { return options.indexOf(value) < 0; })
          ? h("p", { style: { margin: "6px 0 0", fontSize: "13px" } },
            "Une valeur hors vocabulaire est acceptée ; la vérification la signalera pour qu’elle soit ajoutée "
            + "au vocabulaire ou corrigée.") : null);
    }
  });

  var VocabularyPreview = createClass({
    render: function () {
      return h("ul", { className: "tags" }, asList(this.props.value).map(function (value) {
        return h("li", { key: value }, value);
      }));
    }
  });

  CMS.registerWidget("vocabulary", VocabularyControl, VocabularyPreview);

  // Decap drops an ASCII apostrophe from a file name (« L'été » → lete) where the site's slug rule
  // separates the words (l-ete): a new entry's apostrophes become French ones, as the site prints them.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      if (!entry.get("newRecord")) { return data; }
      ["title", "name"].forEach(function (key) {
        var value = data.get(key);
        if (typeof value === "string" && value.indexOf("'") >= 0) { data = data.set(key, value.replace(/'/g, "’")); }
      });
      return data;
    }
  });
}());
