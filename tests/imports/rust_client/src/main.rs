//! Two libraries that import the same types file, in one Rust program:
//! each crate has its own `Point`, converted field by field.
use atlas::Failure as AtlasFailure;
use survey::Failure as SurveyFailure;

fn main() {
    let mid = atlas::midpoint(&atlas::Point { x: 0.0, y: 0.0 }, &atlas::Point { x: 3000.0, y: 4000.0 })
        .unwrap();
    assert_eq!((mid.x, mid.y), (1500.0, 2000.0));
    let km = survey::distance(
        &survey::Point { x: 0.0, y: 0.0 },
        &survey::Point { x: mid.x, y: mid.y },
        survey::Unit::Kilometres,
    )
    .unwrap();
    assert!((km - 2.5).abs() < 1e-9);
    let far = survey::distance(
        &survey::Point::default(),
        &survey::Point { x: 1e7, y: 0.0 },
        survey::Unit::Metres,
    );
    assert!(matches!(far, Err(SurveyFailure::Raised(survey::GeoError::OutOfRange { .. }))));
    match atlas::locate("mars") {
        Err(AtlasFailure::Raised(atlas::GeoError::UnknownPlace { name })) => assert_eq!(name, "mars"),
        other => panic!("mars = {other:?}"),
    }
    assert_eq!(
        atlas::locate("origin"),
        Ok(atlas::Place::At { point: atlas::Point { x: 0.0, y: 0.0 } })
    );
    println!("atlas and survey share geometry.ffidl (Rust)");
}
