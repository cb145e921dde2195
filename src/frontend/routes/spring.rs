//! Spring MVC and WebFlux annotated controllers (Java and Kotlin): `@RestController` and
//! `@Controller` classes (and classes with a type-level `@RequestMapping`), their class-level
//! `@RequestMapping` paths joined with each handler method's `@RequestMapping` /
//! `@GetMapping` / ... paths (`value` or `path`, arrays, constants from any class), the
//! `method` restriction or every method (`ANY`) when there is none. Mappings declared on an
//! interface or an abstract superclass count for the controller that implements them; Feign
//! clients and interfaces no controller implements serve nothing.

use super::facts::{Annotation, Method, OpInfo};
use super::finish::Found;
use super::index::{ClassId, Index};
use super::syntax::http_method;
use crate::frontend::routes::facts::ClassKind;

const MAPPINGS: [(&str, Option<&str>); 6] = [
    ("RequestMapping", None),
    ("GetMapping", Some("GET")),
    ("PostMapping", Some("POST")),
    ("PutMapping", Some("PUT")),
    ("DeleteMapping", Some("DELETE")),
    ("PatchMapping", Some("PATCH")),
];

/// Class annotations of HTTP clients: their mappings describe another service's API.
const CLIENTS: [&str; 4] = ["FeignClient", "HttpExchange", "RegisterRestClient", "Client"];

fn mapping(method: &Method) -> Option<(&Annotation, Option<&'static str>)> {
    method.annotations.iter().find_map(|a| {
        MAPPINGS
            .iter()
            .find(|(name, _)| a.name == *name)
            .map(|(_, verb)| (a, *verb))
    })
}

fn is_controller(index: &Index, id: ClassId) -> bool {
    let class = index.class(id);
    if !matches!(class.kind, ClassKind::Class | ClassKind::Object) {
        return false;
    }
    if class
        .annotations
        .iter()
        .any(|a| CLIENTS.contains(&a.name.as_str()))
    {
        return false;
    }
    class.annotations.iter().any(|a| {
        (a.name == "Controller" || a.name == "RestController" || a.name == "RequestMapping")
            || (a.name.ends_with("Controller") && !a.name.ends_with("ControllerAdvice"))
    })
}

/// Paths an annotation lists (`value`, `path`, or positional), at least one (`""`).
fn paths(
    index: &mut Index,
    annotation: &Annotation,
    file: usize,
    class: ClassId,
) -> Vec<Result<String, String>> {
    let values: Vec<_> = ["value", "path"]
        .iter()
        .filter_map(|key| annotation.arg(key))
        .chain(
            annotation
                .args
                .iter()
                .filter(|(k, _)| k.is_none())
                .map(|(_, v)| v),
        )
        .flat_map(|v| v.exprs().into_iter().cloned())
        .collect();
    if values.is_empty() {
        return vec![Ok(String::new())];
    }
    values.iter().map(|e| index.eval(e, file, Some(class))).collect()
}

pub fn resolve(index: &mut Index, out: &mut Vec<Found>) {
    let mut controllers = Vec::new();
    for file in 0..index.files.len() {
        for class in 0..index.files[file].classes.len() {
            if is_controller(index, (file, class)) {
                controllers.push((file, class));
            }
        }
    }
    for id in controllers {
        controller(index, id, out);
    }
}

fn controller(index: &mut Index, id: ClassId, out: &mut Vec<Found>) {
    let hierarchy = index.hierarchy(id);
    // A client interface up the hierarchy makes this a client implementation, not a controller.
    if hierarchy.iter().any(|&h| {
        index
            .class(h)
            .annotations
            .iter()
            .any(|a| CLIENTS.contains(&a.name.as_str()))
    }) {
        return;
    }
    let class_mapping = hierarchy.iter().find_map(|&h| {
        index
            .class(h)
            .annotations
            .iter()
            .find(|a| a.name == "RequestMapping")
            .cloned()
            .map(|a| (h, a))
    });
    let prefixes = match &class_mapping {
        Some((owner, annotation)) => paths(index, annotation, owner.0, *owner),
        None => vec![Ok(String::new())],
    };
    let class_info = class_info(index, &hierarchy);
    let own = index.class(id).clone();
    // Each handler once: the most specific declaration of a method name and arity decides, and
    // a mapping inherited from a supertype applies to the controller's override.
    let mut seen: Vec<(String, usize)> = Vec::new();
    for &member in &hierarchy {
        let class = index.class(member).clone();
        for method in &class.methods {
            let key = (method.name.clone(), method.params.len());
            if seen.contains(&key) {
                continue;
            }
            let Some((annotation, verb)) = mapping(method) else {
                continue;
            };
            seen.push(key);
            let annotation = annotation.clone();
            let methods: Vec<String> = match verb {
                Some(verb) => vec![verb.to_string()],
                None => {
                    let listed: Vec<String> = annotation
                        .arg("method")
                        .map(|v| {
                            v.exprs()
                                .iter()
                                .filter_map(|e| e.name().and_then(http_method))
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    if listed.is_empty() {
                        vec!["ANY".to_string()]
                    } else {
                        listed
                    }
                }
            };
            // The controller's own override carries what the code says about it too.
            let override_ = own
                .methods
                .iter()
                .find(|m| m.name == method.name && m.params.len() == method.params.len());
            let mut info = method_info(method);
            if let Some(o) = override_.filter(|_| member != id) {
                merge(&mut info, &method_info(o));
            }
            merge(&mut info, &class_info);
            let method_paths = paths(index, &annotation, member.0, member);
            for prefix in &prefixes {
                for path in &method_paths {
                    let joined = super::paths::join_resolved(&[prefix, path]);
                    out.push(Found {
                        methods: methods.clone(),
                        path: joined,
                        file: member.0,
                        line: annotation.line,
                        column: annotation.column,
                        handler: format!("{}.{}", own.name, method.name),
                        framework: "spring",
                        context: super::finish::ContextKind::Spring,
                        owner: Some(member),
                        info: info.clone(),
                    });
                }
            }
        }
    }
}

/// What the class says about all its handlers: tags, deprecation, security.
fn class_info(index: &Index, hierarchy: &[ClassId]) -> OpInfo {
    let mut info = OpInfo::default();
    for &id in hierarchy {
        let class = index.class(id);
        for annotation in &class.annotations {
            annotation_info(annotation, &mut info, true);
        }
    }
    info
}

pub fn method_info(method: &Method) -> OpInfo {
    let mut info = OpInfo::default();
    for annotation in &method.annotations {
        annotation_info(annotation, &mut info, false);
    }
    for param in &method.params {
        for annotation in &param.annotations {
            match annotation.name.as_str() {
                "RequestParam" | "QueryParam" => {
                    let name = ["value", "name"]
                        .iter()
                        .find_map(|k| annotation.arg(k).and_then(|v| v.text()))
                        .or_else(|| annotation.value().and_then(|v| v.text()))
                        .unwrap_or_else(|| param.name.clone());
                    info.query.push(name);
                }
                "RequestBody" => info.request_type = body_type(&param.ty),
                _ => {}
            }
        }
        // JAX-RS: the entity parameter is the one without annotations.
        if param.annotations.is_empty() && info.request_type.is_none() {
            info.request_type = body_type(&param.ty);
        }
    }
    info.response_type = body_type(&method.returns);
    info
}

/// Reads the Swagger/springdoc, deprecation and security annotations.
pub fn annotation_info(annotation: &Annotation, info: &mut OpInfo, class_level: bool) {
    let text = |key: &str| {
        annotation
            .arg(key)
            .and_then(|v| v.text())
            .filter(|t| !t.is_empty())
    };
    let texts = |key: &str| -> Vec<String> {
        annotation
            .arg(key)
            .map(|v| {
                v.exprs()
                    .iter()
                    .filter_map(|e| e.literal())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    match annotation.name.as_str() {
        "Operation" => {
            if let Some(summary) = text("summary") {
                info.summary.get_or_insert(summary);
            }
            if let Some(id) = text("operationId") {
                info.operation_id.get_or_insert(id);
            }
            info.tags.extend(texts("tags"));
            if annotation.arg("deprecated").and_then(|v| v.as_bool()) == Some(true) {
                info.deprecated = true;
            }
        }
        "ApiOperation" => {
            if let Some(summary) = annotation
                .value()
                .and_then(|v| v.text())
                .filter(|t| !t.is_empty())
            {
                info.summary.get_or_insert(summary);
            }
            if let Some(id) = text("nickname") {
                info.operation_id.get_or_insert(id);
            }
            info.tags.extend(texts("tags"));
        }
        "Tag" if class_level => {
            if let Some(name) = text("name").or_else(|| annotation.value().and_then(|v| v.text())) {
                info.tags.push(name);
            }
        }
        "Api" if class_level => {
            info.tags.extend(texts("tags"));
            if let Some(value) = annotation
                .value()
                .and_then(|v| v.text())
                .filter(|t| !t.is_empty())
            {
                info.tags.push(value);
            }
        }
        "Deprecated" => info.deprecated = true,
        "PreAuthorize" | "PostAuthorize" | "Secured" | "RolesAllowed" | "PermitAll" | "DenyAll" => {
            let args: Vec<String> = annotation
                .value()
                .map(|v| v.exprs().iter().filter_map(|e| e.literal()).collect())
                .unwrap_or_default();
            let label = if args.is_empty() {
                format!("@{}", annotation.name)
            } else {
                format!("@{}({})", annotation.name, args.join(", "))
            };
            if !info.security.contains(&label) {
                info.security.push(label);
            }
        }
        _ => {}
    }
}

/// Adds what `other` knows and `info` does not.
pub fn merge(info: &mut OpInfo, other: &OpInfo) {
    if info.summary.is_none() {
        info.summary.clone_from(&other.summary);
    }
    if info.operation_id.is_none() {
        info.operation_id.clone_from(&other.operation_id);
    }
    for tag in &other.tags {
        if !info.tags.contains(tag) {
            info.tags.push(tag.clone());
        }
    }
    info.deprecated |= other.deprecated;
    for s in &other.security {
        if !info.security.contains(s) {
            info.security.push(s.clone());
        }
    }
    for q in &other.query {
        if !info.query.contains(q) {
            info.query.push(q.clone());
        }
    }
    if info.request_type.is_none() {
        info.request_type.clone_from(&other.request_type);
    }
    if info.response_type.is_none() {
        info.response_type.clone_from(&other.response_type);
    }
}

/// Wrapper types around a body: the type of interest is inside.
const WRAPPERS: &[&str] = &[
    "ResponseEntity",
    "HttpEntity",
    "List",
    "Set",
    "Collection",
    "Iterable",
    "Optional",
    "Mono",
    "Flux",
    "Page",
    "Slice",
    "CompletableFuture",
    "CompletionStage",
    "Future",
    "DeferredResult",
    "Callable",
    "Response",
    "Uni",
    "Multi",
    "Flow",
    "Array",
    "MutableList",
    "Map",
    "Object",
    "Any",
    "String",
    "void",
    "Unit",
    "Void",
    "Integer",
    "Long",
    "Boolean",
    "int",
    "long",
    "boolean",
    "byte",
    "Resource",
    "EntityModel",
    "CollectionModel",
    "PagedModel",
    "ResponseBodyEmitter",
    "SseEmitter",
    "StreamingResponseBody",
    "JsonNode",
    "ObjectNode",
    "public",
    "protected",
    "private",
    "static",
    "final",
    "abstract",
    "synchronized",
    "default",
    "suspend",
    "out",
    "in",
    "java",
    "util",
    "lang",
];

/// The type a body is about: the first identifier that is not a wrapper.
pub fn body_type(ty: &[String]) -> Option<String> {
    ty.iter()
        .find(|t| !WRAPPERS.contains(&t.as_str()) && t.chars().next().is_some_and(char::is_uppercase))
        .cloned()
}
