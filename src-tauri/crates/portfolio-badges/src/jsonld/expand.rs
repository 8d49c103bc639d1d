//! JSON-LD 1.1 Expansion Algorithm (API §5.1.2) and Value Expansion (§5.3.2).

use std::sync::Arc;

use serde_json::{Map, Value};

use super::context::{expand_iri_ro, is_keyword, process_inline, process_shared, Context, Opts};
use super::JsonLdError;

/// Maximum nesting depth of the input document.
const MAX_DEPTH: usize = 64;

/// Expand a whole document; the result is always an array of node objects.
pub(crate) fn expand_document(doc: &Value) -> Result<Vec<Value>, JsonLdError> {
    let out = expand(&Context::empty(), None, doc, false, 0)?;
    let out = match out {
        Some(Value::Object(mut m)) if m.len() == 1 && m.contains_key("@graph") => {
            m.remove("@graph").unwrap_or(Value::Null)
        }
        Some(v) => v,
        None => Value::Array(Vec::new()),
    };
    Ok(match out {
        Value::Array(a) => a,
        Value::Null => Vec::new(),
        v => vec![v],
    })
}

fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        v => vec![v],
    }
}

fn add_value(map: &mut Map<String, Value>, key: &str, value: Value) {
    let entry = map.entry(key.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
    if !entry.is_array() {
        let old = entry.take();
        *entry = Value::Array(vec![old]);
    }
    if let Value::Array(a) = entry {
        match value {
            Value::Array(vs) => a.extend(vs),
            v => a.push(v),
        }
    }
}

fn is_list_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@list"))
}

fn is_value_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@value"))
}

fn is_graph_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.contains_key("@graph") && m.keys().all(|k| matches!(k.as_str(), "@graph" | "@id" | "@index"))
    })
}

fn scoped(active: &Arc<Context>, term: Option<&str>) -> Option<Arc<Value>> {
    term.and_then(|t| active.term(t)).and_then(|d| d.context.clone())
}

fn expand(
    active: &Arc<Context>,
    active_property: Option<&str>,
    element: &Value,
    from_map: bool,
    depth: usize,
) -> Result<Option<Value>, JsonLdError> {
    if depth > MAX_DEPTH {
        return Err(JsonLdError::TooDeep);
    }
    let property_scoped = scoped(active, active_property);
    match element {
        Value::Null => Ok(None),
        Value::Array(items) => {
            let list = active_property.and_then(|p| active.term(p)).is_some_and(|d| d.has_container("@list"));
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let mut e = expand(active, active_property, item, from_map, depth + 1)?;
                if list {
                    if let Some(Value::Array(a)) = e {
                        e = Some(Value::Object(Map::from_iter([("@list".to_owned(), Value::Array(a))])));
                    }
                }
                match e {
                    Some(Value::Array(a)) => out.extend(a),
                    Some(v) => out.push(v),
                    None => {}
                }
            }
            Ok(Some(Value::Array(out)))
        }
        Value::Object(obj) => expand_map(active, active_property, obj, from_map, property_scoped, depth),
        scalar => {
            if active_property.is_none() || active_property == Some("@graph") {
                return Ok(None);
            }
            let ctx = match property_scoped {
                Some(c) => process_shared(active, &c, Opts { override_protected: true, propagate: true })?,
                None => active.clone(),
            };
            Ok(Some(expand_value(&ctx, active_property.unwrap_or_default(), scalar)))
        }
    }
}

fn expand_map(
    active_in: &Arc<Context>,
    active_property: Option<&str>,
    obj: &Map<String, Value>,
    from_map: bool,
    property_scoped: Option<Arc<Value>>,
    depth: usize,
) -> Result<Option<Value>, JsonLdError> {
    let mut active = active_in.clone();
    // Step 7: revert a non-propagated (type-scoped) context for new nodes.
    if let Some(prev) = &active.previous {
        if !from_map {
            let expanded_keys: Vec<Option<String>> = obj.keys().map(|k| expand_iri_ro(&active, k, true)).collect();
            let has_value = expanded_keys.iter().any(|k| k.as_deref() == Some("@value"));
            let only_id = expanded_keys.len() == 1 && expanded_keys[0].as_deref() == Some("@id");
            if !has_value && !only_id {
                active = prev.clone();
            }
        }
    }
    if let Some(c) = property_scoped {
        active = process_shared(&active, &c, Opts { override_protected: true, propagate: true })?;
    }
    if let Some(c) = obj.get("@context") {
        active = process_inline(&active, c, Opts::default())?;
    }
    let type_scoped = active.clone();
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    let mut input_type: Option<String> = None;
    for key in &keys {
        if expand_iri_ro(&active, key, true).as_deref() != Some("@type") {
            continue;
        }
        let mut terms: Vec<&str> = match &obj[key.as_str()] {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        terms.sort_unstable();
        for t in &terms {
            if let Some(c) = type_scoped.term(t).and_then(|d| d.context.clone()) {
                active = process_shared(&active, &c, Opts { override_protected: false, propagate: false })?;
            }
        }
        if let Some(last) = terms.last() {
            input_type = expand_iri_ro(&active, last, true);
        }
    }
    let mut result = Map::new();
    let mut nests: Vec<String> = Vec::new();
    expand_entries(
        &active,
        &type_scoped,
        active_property,
        obj,
        &keys,
        input_type.as_deref(),
        &mut result,
        &mut nests,
        depth,
    )?;
    nests.sort();
    nests.dedup();
    for nk in nests {
        let Some(nv) = obj.get(&nk) else { continue };
        for nested in as_array(nv.clone()) {
            let Value::Object(nm) = nested else {
                return Err(JsonLdError::invalid("an @nest value must be an object"));
            };
            if nm.keys().any(|k| expand_iri_ro(&active, k, true).as_deref() == Some("@value")) {
                return Err(JsonLdError::invalid("an @nest value cannot be a value object"));
            }
            let mut nkeys: Vec<&String> = nm.keys().collect();
            nkeys.sort();
            let mut inner_nests = Vec::new();
            expand_entries(
                &active,
                &type_scoped,
                active_property,
                &nm,
                &nkeys,
                input_type.as_deref(),
                &mut result,
                &mut inner_nests,
                depth,
            )?;
            if !inner_nests.is_empty() {
                return Err(JsonLdError::invalid("nested @nest entries are not supported"));
            }
        }
    }
    finish_map(result, active_property)
}

fn finish_map(mut result: Map<String, Value>, active_property: Option<&str>) -> Result<Option<Value>, JsonLdError> {
    if result.contains_key("@value") {
        if result.keys().any(|k| !matches!(k.as_str(), "@direction" | "@index" | "@language" | "@type" | "@value")) {
            return Err(JsonLdError::invalid("a value object has an unexpected entry"));
        }
        if result.contains_key("@type") && (result.contains_key("@language") || result.contains_key("@direction")) {
            return Err(JsonLdError::invalid("a value object cannot have both @type and @language"));
        }
        let is_json = result.get("@type").and_then(Value::as_str) == Some("@json");
        if !is_json {
            match result.get("@value") {
                None | Some(Value::Null) => return Ok(None),
                Some(Value::Array(a)) if a.is_empty() => return Ok(None),
                Some(Value::Array(_) | Value::Object(_)) => {
                    return Err(JsonLdError::invalid("invalid value object value"))
                }
                Some(v) => {
                    if !v.is_string() && result.contains_key("@language") {
                        return Err(JsonLdError::invalid("a language-tagged value must be a string"));
                    }
                }
            }
            if let Some(t) = result.get("@type") {
                if !t.as_str().is_some_and(|t| t.contains(':')) {
                    return Err(JsonLdError::invalid("the @type of a value must be an IRI"));
                }
            }
        }
    } else if let Some(t) = result.get_mut("@type") {
        if !t.is_array() {
            let v = t.take();
            *t = Value::Array(vec![v]);
        }
    } else if result.contains_key("@set") || result.contains_key("@list") {
        if result.keys().any(|k| !matches!(k.as_str(), "@set" | "@list" | "@index")) {
            return Err(JsonLdError::invalid("a list or set object has an unexpected entry"));
        }
        if let Some(s) = result.remove("@set") {
            return Ok(Some(s));
        }
    }
    if result.len() == 1 && result.contains_key("@language") {
        return Ok(None);
    }
    if active_property.is_none() || active_property == Some("@graph") {
        if result.is_empty() || result.contains_key("@value") || result.contains_key("@list") {
            return Ok(None);
        }
        if result.len() == 1 && result.contains_key("@id") {
            return Ok(None);
        }
    }
    Ok(Some(Value::Object(result)))
}

#[allow(clippy::too_many_arguments)]
fn expand_entries(
    active: &Arc<Context>,
    type_scoped: &Arc<Context>,
    active_property: Option<&str>,
    obj: &Map<String, Value>,
    keys: &[&String],
    input_type: Option<&str>,
    result: &mut Map<String, Value>,
    nests: &mut Vec<String>,
    depth: usize,
) -> Result<(), JsonLdError> {
    for key in keys {
        let key = key.as_str();
        if key == "@context" {
            continue;
        }
        let value = &obj[key];
        let prop = expand_iri_ro(active, key, true);
        let Some(prop) = prop.filter(|p| p.contains(':') || is_keyword(p)) else {
            // Safe mode: standard JSON-LD drops the entry; nothing would sign it.
            if value.is_null() {
                continue;
            }
            return Err(JsonLdError::Dropped(format!("the property '{key}' is not defined by its JSON-LD contexts")));
        };
        if is_keyword(&prop) {
            if active_property == Some("@reverse") {
                return Err(JsonLdError::invalid("a reverse property map cannot contain keywords"));
            }
            if result.contains_key(&prop) && !matches!(prop.as_str(), "@included" | "@type") {
                return Err(JsonLdError::invalid(format!("colliding keywords: {prop} appears twice")));
            }
            let expanded: Option<Value> = match prop.as_str() {
                "@id" => {
                    let s = value.as_str().ok_or_else(|| JsonLdError::invalid("an @id must be a string"))?;
                    match expand_iri_ro(active, s, false) {
                        Some(id) => Some(Value::String(id)),
                        None => return Err(JsonLdError::Dropped(format!("the id '{s}' expands to nothing"))),
                    }
                }
                "@type" => {
                    let list: Vec<Value> = match value {
                        Value::String(s) => vec![Value::String(s.clone())],
                        Value::Array(a) => a.clone(),
                        _ => return Err(JsonLdError::invalid("an @type must be a string or an array of strings")),
                    };
                    let mut out = Vec::new();
                    for t in list {
                        let s = t.as_str().ok_or_else(|| JsonLdError::invalid("an @type must be a string"))?;
                        match expand_iri_ro(type_scoped, s, true) {
                            Some(e) => out.push(Value::String(e)),
                            None => return Err(JsonLdError::Dropped(format!("the type '{s}' expands to nothing"))),
                        }
                    }
                    if let Some(Value::Array(prev)) = result.get("@type") {
                        let mut all = prev.clone();
                        all.extend(out);
                        Some(Value::Array(all))
                    } else if value.is_string() && out.len() == 1 {
                        out.pop()
                    } else {
                        Some(Value::Array(out))
                    }
                }
                "@graph" => expand(active, Some("@graph"), value, false, depth + 1)?.map(|v| Value::Array(as_array(v))),
                "@included" => {
                    let v = expand(active, None, value, false, depth + 1)?.map(as_array).unwrap_or_default();
                    if v.iter().any(|x| !x.is_object() || is_value_object(x) || is_list_object(x)) {
                        return Err(JsonLdError::invalid("@included values must be node objects"));
                    }
                    let mut all = match result.remove("@included") {
                        Some(Value::Array(a)) => a,
                        _ => Vec::new(),
                    };
                    all.extend(v);
                    Some(Value::Array(all))
                }
                "@value" => {
                    if input_type == Some("@json") {
                        Some(value.clone())
                    } else if value.is_array() || value.is_object() {
                        return Err(JsonLdError::invalid("an @value must be a scalar"));
                    } else {
                        result.insert("@value".into(), value.clone());
                        continue;
                    }
                }
                "@language" => {
                    let s = value.as_str().ok_or_else(|| JsonLdError::invalid("an @language must be a string"))?;
                    Some(Value::String(s.to_ascii_lowercase()))
                }
                "@direction" => match value.as_str() {
                    Some("ltr" | "rtl") => Some(value.clone()),
                    _ => return Err(JsonLdError::invalid("an @direction must be ltr or rtl")),
                },
                "@index" => {
                    value.as_str().ok_or_else(|| JsonLdError::invalid("an @index must be a string"))?;
                    Some(value.clone())
                }
                "@list" => {
                    if active_property.is_none() || active_property == Some("@graph") {
                        continue;
                    }
                    let v = expand(active, active_property, value, false, depth + 1)?.map(as_array).unwrap_or_default();
                    Some(Value::Array(v))
                }
                "@set" => expand(active, active_property, value, false, depth + 1)?,
                "@reverse" => {
                    if !value.is_object() {
                        return Err(JsonLdError::invalid("an @reverse value must be an object"));
                    }
                    let ev = expand(active, Some("@reverse"), value, false, depth + 1)?;
                    if let Some(Value::Object(mut em)) = ev {
                        if let Some(Value::Object(double)) = em.remove("@reverse") {
                            for (p, items) in double {
                                add_value(result, &p, items);
                            }
                        }
                        if !em.is_empty() {
                            let rm = result.entry("@reverse").or_insert_with(|| Value::Object(Map::new()));
                            if let Value::Object(rm) = rm {
                                for (p, items) in em {
                                    for item in as_array(items) {
                                        if is_value_object(&item) || is_list_object(&item) {
                                            return Err(JsonLdError::invalid("an @reverse value must be a node"));
                                        }
                                        add_value(rm, &p, item);
                                    }
                                }
                            }
                        }
                    }
                    continue;
                }
                "@nest" => {
                    nests.push(key.to_owned());
                    continue;
                }
                _ => None, // framing keywords and @context are ignored
            };
            if let Some(v) = expanded {
                result.insert(prop, v);
            }
            continue;
        }
        let def = active.term(key).cloned();
        let container: &[String] = def.as_ref().map(|d| d.container.as_slice()).unwrap_or(&[]);
        let has = |c: &str| container.iter().any(|x| x == c);
        let expanded: Option<Value> = if def.as_ref().and_then(|d| d.type_mapping.as_deref()) == Some("@json") {
            Some(Value::Object(Map::from_iter([
                ("@value".to_owned(), value.clone()),
                ("@type".to_owned(), Value::String("@json".into())),
            ])))
        } else if has("@language") && value.is_object() {
            let mut out = Vec::new();
            let direction = def.as_ref().and_then(|d| d.direction.clone()).unwrap_or_else(|| active.direction.clone());
            let mut langs: Vec<(&String, &Value)> = value.as_object().map(|m| m.iter().collect()).unwrap_or_default();
            langs.sort_by(|a, b| a.0.cmp(b.0));
            for (lang, lv) in langs {
                for item in as_array(lv.clone()) {
                    match item {
                        Value::Null => {}
                        Value::String(s) => {
                            let mut v = Map::from_iter([("@value".to_owned(), Value::String(s))]);
                            if expand_iri_ro(active, lang, true).as_deref() != Some("@none") {
                                v.insert("@language".into(), Value::String(lang.to_ascii_lowercase()));
                            }
                            if let Some(d) = &direction {
                                v.insert("@direction".into(), Value::String(d.clone()));
                            }
                            out.push(Value::Object(v));
                        }
                        _ => return Err(JsonLdError::invalid("language map values must be strings")),
                    }
                }
            }
            Some(Value::Array(out))
        } else if (has("@index") || has("@type") || has("@id")) && value.is_object() {
            let mut map_ctx = active.clone();
            if has("@type") {
                if let Some(p) = &map_ctx.previous {
                    map_ctx = p.clone();
                }
            }
            let index_key = def.as_ref().and_then(|d| d.index.clone()).unwrap_or_else(|| "@index".to_owned());
            let mut out = Vec::new();
            let mut entries: Vec<(&String, &Value)> = value.as_object().map(|m| m.iter().collect()).unwrap_or_default();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (index, iv) in entries {
                let ctx = if has("@id") || has("@type") {
                    match map_ctx.term(index).and_then(|d| d.context.clone()) {
                        Some(c) if has("@type") => process_shared(&map_ctx, &c, Opts::default())?,
                        _ => map_ctx.clone(),
                    }
                } else {
                    active.clone()
                };
                let expanded_index = expand_iri_ro(active, index, true);
                let items = expand(&ctx, Some(key), &Value::Array(as_array(iv.clone())), true, depth + 1)?
                    .map(as_array)
                    .unwrap_or_default();
                for mut item in items {
                    if has("@graph") && !is_graph_object(&item) {
                        item = Value::Object(Map::from_iter([("@graph".to_owned(), Value::Array(vec![item]))]));
                    }
                    let none = expanded_index.as_deref() == Some("@none");
                    if let Value::Object(m) = &mut item {
                        if has("@index") && index_key != "@index" && !none {
                            let re = expand_value(active, &index_key, &Value::String(index.clone()));
                            if let Some(k) = expand_iri_ro(active, &index_key, true) {
                                let mut vals = vec![re];
                                if let Some(old) = m.remove(&k) {
                                    vals.extend(as_array(old));
                                }
                                m.insert(k, Value::Array(vals));
                            }
                        } else if has("@index") && !m.contains_key("@index") && !none {
                            m.insert("@index".into(), Value::String(index.clone()));
                        } else if has("@id") && !m.contains_key("@id") && !none {
                            if let Some(id) = expand_iri_ro(active, index, false) {
                                m.insert("@id".into(), Value::String(id));
                            }
                        } else if has("@type") && !none {
                            let mut types = vec![Value::String(expanded_index.clone().unwrap_or_default())];
                            if let Some(old) = m.remove("@type") {
                                types.extend(as_array(old));
                            }
                            m.insert("@type".into(), Value::Array(types));
                        }
                    }
                    out.push(item);
                }
            }
            Some(Value::Array(out))
        } else {
            expand(active, Some(key), value, false, depth + 1)?
        };
        let Some(mut ev) = expanded else { continue };
        if has("@list") && !is_list_object(&ev) {
            ev = Value::Object(Map::from_iter([("@list".to_owned(), Value::Array(as_array(ev)))]));
        }
        if has("@graph") && !has("@id") && !has("@index") {
            ev = Value::Array(
                as_array(ev)
                    .into_iter()
                    .map(|v| Value::Object(Map::from_iter([("@graph".to_owned(), Value::Array(as_array(v)))])))
                    .collect(),
            );
        }
        if def.as_ref().is_some_and(|d| d.reverse) {
            let rm = result.entry("@reverse").or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(rm) = rm {
                for item in as_array(ev) {
                    if is_value_object(&item) || is_list_object(&item) {
                        return Err(JsonLdError::invalid("a reverse property value must be a node"));
                    }
                    add_value(rm, &prop, item);
                }
            }
        } else {
            add_value(result, &prop, ev);
        }
    }
    Ok(())
}

/// Value Expansion (§5.3.2).
pub(crate) fn expand_value(active: &Context, property: &str, value: &Value) -> Value {
    let def = active.term(property);
    let tm = def.and_then(|d| d.type_mapping.as_deref());
    if let Value::String(s) = value {
        match tm {
            Some("@id") => {
                if let Some(id) = expand_iri_ro(active, s, false) {
                    return Value::Object(Map::from_iter([("@id".to_owned(), Value::String(id))]));
                }
            }
            Some("@vocab") => {
                if let Some(id) = expand_iri_ro(active, s, true) {
                    return Value::Object(Map::from_iter([("@id".to_owned(), Value::String(id))]));
                }
            }
            _ => {}
        }
    }
    let mut out = Map::from_iter([("@value".to_owned(), value.clone())]);
    match tm {
        Some(t) if !matches!(t, "@id" | "@vocab" | "@none") => {
            out.insert("@type".into(), Value::String(t.to_owned()));
        }
        _ if value.is_string() => {
            let lang = match def.and_then(|d| d.language.clone()) {
                Some(l) => l,
                None => active.language.clone(),
            };
            let dir = match def.and_then(|d| d.direction.clone()) {
                Some(d) => d,
                None => active.direction.clone(),
            };
            if let Some(l) = lang {
                out.insert("@language".into(), Value::String(l));
            }
            if let Some(d) = dir {
                out.insert("@direction".into(), Value::String(d));
            }
        }
        _ => {}
    }
    Value::Object(out)
}
