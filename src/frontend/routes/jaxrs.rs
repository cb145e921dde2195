//! JAX-RS (Jersey, RESTEasy, Dropwizard, Quarkus): root resources are classes with a
//! class-level `@Path`, directly or through an interface or superclass; their methods with an
//! HTTP-method annotation (`@GET`, `@POST`, ...) serve the class path joined with the method's
//! `@Path`. Sub-resource locators (a `@Path` method without an HTTP-method annotation) add
//! the paths of the class they return. `@ApplicationPath` on the application class prefixes
//! everything (see `finish`). An interface with a class-level `@Path` that no class of the run
//! implements is read as served (its implementation may be generated or elsewhere) unless it
//! is a REST client (`@RegisterRestClient`, a name ending in `Client`). Retrofit's `@GET("path")`
//! takes its path as an argument, which JAX-RS's never does: such methods are client calls.

use super::facts::{Annotation, ClassKind, Method};
use super::finish::{ContextKind, Found};
use super::index::{ClassId, Index};
use super::spring::{annotation_info, merge, method_info};
use super::syntax::http_method;

/// How many sub-resource locators deep paths are followed.
const MAX_LOCATORS: usize = 4;

fn verb(method: &Method) -> Option<(&'static str, &Annotation)> {
    method.annotations.iter().find_map(|a| {
        // JAX-RS method designators take no argument; Retrofit's and Micronaut's take the path.
        let verb = http_method(&a.name).filter(|v| *v == a.name)?;
        (!a.has_args()).then_some((verb, a))
    })
}

fn path_annotation(annotations: &[Annotation]) -> Option<&Annotation> {
    annotations.iter().find(|a| a.name == "Path")
}

fn is_client(index: &Index, id: ClassId) -> bool {
    let class = index.class(id);
    class.name.ends_with("Client")
        || class
            .annotations
            .iter()
            .any(|a| matches!(a.name.as_str(), "RegisterRestClient" | "FeignClient"))
}

pub fn resolve(index: &mut Index, out: &mut Vec<Found>) {
    let mut implemented: Vec<ClassId> = Vec::new();
    let mut roots: Vec<(ClassId, ClassId)> = Vec::new();
    for file in 0..index.files.len() {
        for class in 0..index.files[file].classes.len() {
            let id = (file, class);
            if !matches!(index.class(id).kind, ClassKind::Class | ClassKind::Object) {
                continue;
            }
            let hierarchy = index.hierarchy(id);
            let owner = hierarchy
                .iter()
                .copied()
                .find(|&h| path_annotation(&index.class(h).annotations).is_some());
            if let Some(owner) = owner {
                implemented.extend(hierarchy.iter().skip(1).copied());
                if !is_client(index, owner) && !is_client(index, id) {
                    roots.push((id, owner));
                }
            }
        }
    }
    // Interfaces with a class-level @Path that nothing in the run implements.
    for file in 0..index.files.len() {
        for class in 0..index.files[file].classes.len() {
            let id = (file, class);
            let c = index.class(id);
            if matches!(c.kind, ClassKind::Interface | ClassKind::Abstract)
                && path_annotation(&c.annotations).is_some()
                && !implemented.contains(&id)
                && !is_client(index, id)
            {
                roots.push((id, id));
            }
        }
    }
    for (id, owner) in roots {
        let base = match path_annotation(&index.class(owner).annotations).cloned() {
            Some(annotation) => path_of(index, &annotation, owner),
            None => Ok(String::new()),
        };
        resource(index, id, base, 0, out);
    }
}

fn path_of(index: &mut Index, annotation: &Annotation, owner: ClassId) -> Result<String, String> {
    match annotation
        .value()
        .and_then(|v| v.exprs().first().map(|e| (*e).clone()))
    {
        Some(expr) => index.eval(&expr, owner.0, Some(owner)),
        None => Ok(String::new()),
    }
}

fn resource(
    index: &mut Index,
    id: ClassId,
    base: Result<String, String>,
    depth: usize,
    out: &mut Vec<Found>,
) {
    let hierarchy = index.hierarchy(id);
    let own = index.class(id).clone();
    let mut class_info = Default::default();
    for &h in &hierarchy {
        for annotation in &index.class(h).annotations.clone() {
            annotation_info(annotation, &mut class_info, true);
        }
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    for &member in &hierarchy {
        let class = index.class(member).clone();
        for method in &class.methods {
            let key = (method.name.clone(), method.params.len());
            let designator = verb(method);
            let sub_path = path_annotation(&method.annotations).cloned();
            if designator.is_none() && sub_path.is_none() {
                continue;
            }
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let own_path = match &sub_path {
                Some(annotation) => path_of(index, annotation, member),
                None => Ok(String::new()),
            };
            let path = super::paths::join_resolved(&[&base, &own_path]);
            let override_ = own
                .methods
                .iter()
                .find(|m| m.name == method.name && m.params.len() == method.params.len());
            let mut info = method_info(method);
            if let Some(o) = override_.filter(|_| member != id) {
                merge(&mut info, &method_info(o));
            }
            merge(&mut info, &class_info);
            match designator {
                Some((verb, annotation)) => out.push(Found {
                    methods: vec![verb.to_string()],
                    path,
                    file: member.0,
                    line: annotation.line,
                    column: annotation.column,
                    handler: format!("{}.{}", own.name, method.name),
                    framework: "jax-rs",
                    context: ContextKind::JaxRs,
                    owner: Some(member),
                    info,
                }),
                None if depth < MAX_LOCATORS => {
                    // A sub-resource locator: the returned class's methods, below this path.
                    let returned = super::spring::body_type(&method.returns);
                    if let Some(target) = returned.and_then(|t| index.find_class(&t, member.0)) {
                        if target != id {
                            resource(index, target, path, depth + 1, out);
                        }
                    }
                }
                None => {}
            }
        }
    }
}
