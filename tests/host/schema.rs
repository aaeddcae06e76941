//! The JSON Schema is generated from the shape table: every key of every shape is
//! in it, and every object refuses unknown keys. (Validation of real configs with
//! a JSON Schema validator runs in the node test suite, tests/e2e/schema.test.mjs.)

use firstvalue::core::json::Value;
use firstvalue::core::schema::json_schema;
use firstvalue::core::shape::SHAPES;

#[test]
fn every_shape_and_key_is_in_the_schema_and_objects_are_closed() {
    let schema = json_schema();
    let defs = schema.get("$defs").expect("$defs");
    for shape in SHAPES {
        let def = defs
            .get(shape.name)
            .unwrap_or_else(|| panic!("no def {}", shape.name));
        assert_eq!(
            def.get("additionalProperties"),
            Some(&Value::Bool(false)),
            "{}",
            shape.name
        );
        let Some(Value::Object(props)) = def.get("properties") else {
            panic!()
        };
        for (k, v) in props {
            let doc = v
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            assert!(!doc.is_empty(), "{}.{k} has no description", shape.name);
        }
        assert!(def
            .get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.is_empty()));
        let names: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
        let fields: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, fields);
        let Some(Value::Array(req)) = def.get("required") else {
            panic!()
        };
        let required: Vec<&str> = shape
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        assert_eq!(
            req.iter().filter_map(Value::as_str).collect::<Vec<_>>(),
            required
        );
    }
}
