//! Tera filters of the default templates: interface text with slots and counts, and links of
//! site-wide HTML (the footer) made relative to the page.

use std::collections::HashMap;

use tera::{Tera, Value};

use crate::i18n::{Text, count_text};

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("fill", fill);
    tera.register_filter("count", count);
    tera.register_filter("rooted", rooted);
}

fn arg_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `{{ ui.question_n_of_total | fill(n=share.number, total=share.total) }}`: every `{name}`
/// replaced by the argument of that name.
fn fill(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let mut text = arg_text(value);
    for (name, v) in args {
        text = text.replace(&format!("{{{name}}}"), &arg_text(v));
    }
    Ok(Value::String(text))
}

/// `{{ ui.questions_count | count(n=counts.questions, lang=site.ui_lang) }}`: the plural form
/// for `n` with `{n}` filled (other `{name}` arguments are filled too).
fn count(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text: Text = serde_json::from_value(value.clone()).map_err(|_| {
        tera::Error::msg("count: the text is neither a string nor a table of forms")
    })?;
    let n = args
        .get("n")
        .and_then(Value::as_u64)
        .ok_or_else(|| tera::Error::msg("count: needs n=<a whole number>"))?;
    let lang = args.get("lang").and_then(Value::as_str).unwrap_or("en");
    let mut out = count_text(&text, lang, n);
    for (name, v) in args
        .iter()
        .filter(|(k, _)| !["n", "lang"].contains(&k.as_str()))
    {
        out = out.replace(&format!("{{{name}}}"), &arg_text(v));
    }
    Ok(Value::String(out))
}

/// `{{ site.footer_html | rooted(root=root) | safe }}`: links written from the site root,
/// made relative to the page.
fn rooted(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let root = args.get("root").and_then(Value::as_str).unwrap_or("");
    let html = arg_text(value);
    let out = crate::html::map_links(&html, |url| {
        if crate::html::is_relative_url(url) && !url.starts_with('#') {
            format!("{root}{url}")
        } else {
            url.to_string()
        }
    });
    Ok(Value::String(out))
}
