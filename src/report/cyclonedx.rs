//! CycloneDX 1.5 JSON: the run's third-party components as an SBOM for audit teams, built with
//! the CycloneDX project's own Rust model (`cyclonedx-bom`) and package URLs from `purl`.
//!
//! One CycloneDX component per distinct (ecosystem, name, version); every place that declares
//! it is an `evidence.occurrences` entry (`path:line`), and apiaudit's extra facts (scope, the
//! requirement as written, where a version was set) are `apiaudit:*` properties. The output is
//! deterministic: no timestamp, and a serial number derived from the content.

use crate::model::components::{Component, Ecosystem};
use cyclonedx_bom::external_models::normalized_string::NormalizedString;
use cyclonedx_bom::external_models::uri::Purl;
use cyclonedx_bom::models::bom::{Bom, SpecVersion, UrnUuid};
use cyclonedx_bom::models::component::{
    Classification, Component as CdxComponent, ComponentEvidence, Components, Occurrence, Occurrences,
};
use cyclonedx_bom::models::metadata::Metadata;
use cyclonedx_bom::models::property::{Properties, Property};
use cyclonedx_bom::models::tool::{Tool, Tools};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::str::FromStr;

/// The package URL of a component (without a version when it has none).
pub fn purl(component: &Component) -> Option<String> {
    let (kind, namespace, name) = match component.ecosystem {
        Ecosystem::Maven => {
            let (group, artifact) = component.name.split_once(':')?;
            ("maven", Some(group.to_string()), artifact.to_string())
        }
        Ecosystem::Npm => match component.name.strip_prefix('@').and_then(|n| n.split_once('/')) {
            Some((scope, name)) => ("npm", Some(format!("@{scope}")), name.to_string()),
            None => ("npm", None, component.name.clone()),
        },
        Ecosystem::PyPi => ("pypi", None, Ecosystem::PyPi.normalize_name(&component.name)),
        Ecosystem::Go => match component.name.rsplit_once('/') {
            Some((namespace, name)) => ("golang", Some(namespace.to_string()), name.to_string()),
            None => ("golang", None, component.name.clone()),
        },
        Ecosystem::CratesIo => ("cargo", None, component.name.clone()),
    };
    let mut builder = purl::GenericPurlBuilder::new(kind.to_string(), name);
    if let Some(namespace) = namespace {
        builder = builder.with_namespace(namespace);
    }
    if let Some(version) = &component.version {
        builder = builder.with_version(version.as_str());
    }
    builder.build().ok().map(|p| p.to_string())
}

/// Writes the components as a CycloneDX 1.5 JSON document.
pub fn write_cyclonedx(components: &[Component], out: &mut dyn Write) -> io::Result<()> {
    let bom = build(components);
    let mut buffer = Vec::new();
    bom.output_as_json_v1_5(&mut buffer).map_err(io::Error::other)?;
    out.write_all(&buffer)?;
    writeln!(out)
}

/// The BOM for a list of components.
pub fn build(components: &[Component]) -> Bom {
    // Group declarations of the same component, in a stable order.
    let mut distinct: BTreeMap<(Ecosystem, String, Option<String>), Vec<&Component>> = BTreeMap::new();
    for component in components {
        distinct
            .entry((
                component.ecosystem,
                component.name.clone(),
                component.version.clone(),
            ))
            .or_default()
            .push(component);
    }
    let mut digest = Sha256::new();
    let mut list = Vec::with_capacity(distinct.len());
    for ((ecosystem, name, version), declarations) in &distinct {
        let first = declarations[0];
        let bom_ref = format!(
            "{ecosystem}:{name}@{}",
            version.as_deref().unwrap_or("unresolved")
        );
        digest.update(bom_ref.as_bytes());
        digest.update([0]);
        let (group, short_name) = match (ecosystem, name.split_once(':')) {
            (Ecosystem::Maven, Some((group, artifact))) => (Some(group), artifact),
            _ => (None, name.as_str()),
        };
        let mut item = CdxComponent::new(Classification::Library, short_name, "", Some(bom_ref));
        item.version = version.as_deref().map(NormalizedString::new);
        item.group = group.map(NormalizedString::new);
        item.purl = purl(first).and_then(|p| Purl::from_str(&p).ok());
        let mut properties = vec![Property::new("apiaudit:ecosystem", ecosystem.as_str())];
        let mut occurrences = Vec::new();
        for declaration in declarations {
            occurrences.push(Occurrence::new(&format!(
                "{}:{}",
                declaration.file, declaration.line
            )));
            for (key, value) in [
                ("apiaudit:scope", &declaration.scope),
                ("apiaudit:requirement", &declaration.requirement),
                ("apiaudit:version-from", &declaration.version_from),
            ] {
                if let Some(value) = value {
                    let property = Property::new(key, value);
                    if !properties.contains(&property) {
                        properties.push(property);
                    }
                }
            }
        }
        item.properties = Some(Properties(properties));
        item.evidence = Some(ComponentEvidence {
            licenses: None,
            copyright: None,
            occurrences: Some(Occurrences(occurrences)),
            callstack: None,
            identity: None,
        });
        list.push(item);
    }
    let hash = digest.finalize();
    let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    // A name-based UUID (version 5 layout) from the content, so equal inputs give equal BOMs.
    let uuid = format!(
        "urn:uuid:{}-{}-5{}-{:x}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        (u8::from_str_radix(&hex[16..18], 16).unwrap_or(0) & 0x3f) | 0x80,
        &hex[18..20],
        &hex[20..32]
    );
    let tool = Tool::new("apiaudit", "apiaudit", env!("CARGO_PKG_VERSION"));
    Bom {
        spec_version: SpecVersion::V1_5,
        version: 1,
        serial_number: UrnUuid::new(uuid).ok(),
        metadata: Some(Metadata {
            timestamp: None,
            tools: Some(Tools::List(vec![tool])),
            authors: None,
            component: None,
            manufacture: None,
            supplier: None,
            licenses: None,
            properties: None,
            lifecycles: None,
        }),
        components: Some(Components(list)),
        ..Bom::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cyclonedx_bom::validation::Validate;

    fn component(
        ecosystem: Ecosystem,
        name: &str,
        version: Option<&str>,
        file: &str,
        line: u32,
    ) -> Component {
        Component {
            ecosystem,
            name: name.into(),
            version: version.map(str::to_string),
            file: file.into(),
            line,
            column: 1,
            rel: file.into(),
            requirement: None,
            version_from: None,
            scope: None,
            snippet: None,
        }
    }

    #[test]
    fn purls_per_ecosystem() {
        let cases = [
            (
                Ecosystem::Maven,
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            ),
            (
                Ecosystem::Npm,
                "@babel/core",
                "7.0.0",
                "pkg:npm/%40babel/core@7.0.0",
            ),
            (Ecosystem::Npm, "lodash", "4.17.15", "pkg:npm/lodash@4.17.15"),
            (Ecosystem::PyPi, "PyYAML", "5.3.1", "pkg:pypi/pyyaml@5.3.1"),
            (
                Ecosystem::Go,
                "github.com/gin-gonic/gin",
                "v1.6.3",
                "pkg:golang/github.com/gin-gonic/gin@v1.6.3",
            ),
            (
                Ecosystem::CratesIo,
                "smallvec",
                "1.6.0",
                "pkg:cargo/smallvec@1.6.0",
            ),
        ];
        for (ecosystem, name, version, expected) in cases {
            let c = component(ecosystem, name, Some(version), "f", 1);
            assert_eq!(purl(&c).as_deref(), Some(expected));
        }
    }

    #[test]
    fn valid_deterministic_bom() {
        let components = vec![
            component(
                Ecosystem::Maven,
                "org.apache.logging.log4j:log4j-core",
                Some("2.14.1"),
                "a/pom.xml",
                51,
            ),
            component(
                Ecosystem::Maven,
                "org.apache.logging.log4j:log4j-core",
                Some("2.14.1"),
                "b/pom.xml",
                12,
            ),
            component(
                Ecosystem::Maven,
                "org.springframework:spring-web",
                None,
                "a/pom.xml",
                30,
            ),
            component(
                Ecosystem::Npm,
                "@babel/core",
                Some("7.0.0"),
                "web/package-lock.json",
                7,
            ),
        ];
        let bom = build(&components);
        assert!(bom.validate().passed(), "{:?}", bom.validate());
        let mut first = Vec::new();
        write_cyclonedx(&components, &mut first).unwrap_or_else(|e| panic!("{e}"));
        let mut second = Vec::new();
        write_cyclonedx(&components, &mut second).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, second);
        let json: serde_json::Value = serde_json::from_slice(&first).unwrap_or_default();
        assert_eq!(json["bomFormat"], "CycloneDX");
        assert_eq!(json["specVersion"], "1.5");
        let list = json["components"].as_array().cloned().unwrap_or_default();
        assert_eq!(list.len(), 3, "one entry per distinct component");
        let log4j = list
            .iter()
            .find(|c| c["name"] == "log4j-core")
            .cloned()
            .unwrap_or_default();
        assert_eq!(log4j["group"], "org.apache.logging.log4j");
        assert_eq!(log4j["evidence"]["occurrences"].as_array().map(Vec::len), Some(2));
        let parsed = Bom::parse_from_json_v1_5(first.as_slice());
        assert!(parsed.is_ok(), "{parsed:?}");
    }
}
