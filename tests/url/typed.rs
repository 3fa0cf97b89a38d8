//! The typed transformation in the forms a newcomer writes first, without type annotations or
//! `.into()`: each renders the same as the annotated slice-of-slices form.

use imagekit::{render_transformation, Crop, ImageKit, Steps, Transform, UrlOptions};

fn ik() -> ImageKit {
    ImageKit::new("https://ik.imagekit.io/demo").unwrap()
}

#[test]
fn the_first_forms_a_newcomer_writes_just_work() {
    let ik = ik();
    // The issue's own example: an array of references to arrays, with `.into()`.
    let url = ik
        .url(&UrlOptions::path("/a.jpg").transformation(&[&[Transform::Width(300.into())]]))
        .unwrap();
    assert_eq!(url, "https://ik.imagekit.io/demo/tr:w-300/a.jpg");
    // Numbers without `.into()`, one step as a plain array.
    let url = ik
        .url(
            &UrlOptions::path("/a.jpg")
                .transformation(&[Transform::width(300), Transform::height(0.5)]),
        )
        .unwrap();
    assert_eq!(url, "https://ik.imagekit.io/demo/tr:w-300,h-0.5/a.jpg");
    // Steps of the same length as an array of arrays; owned vectors.
    let two = [[Transform::width(300)], [Transform::rotation(90)]];
    assert_eq!(render_transformation(&two).unwrap(), "w-300:rt-90");
    let owned = vec![vec![
        Transform::width("iw_div_2"),
        Transform::Crop(Crop::AtMax),
    ]];
    assert_eq!(render_transformation(owned).unwrap(), "w-iw_div_2,c-at_max");
    assert_eq!(
        render_transformation(vec![Transform::sharpen(10), Transform::Sharpen(None)]).unwrap(),
        "e-sharpen-10,e-sharpen"
    );
}

#[test]
fn every_form_renders_as_the_slice_of_slices_it_stands_for() {
    let (first, second) = ([Transform::width(300)], [Transform::rotation(90)]);
    let annotated: &[&[Transform<'_>]] = &[&first, &second];
    let want = render_transformation(annotated).unwrap();
    let arrays = [first.clone(), second.clone()];
    let references = [&first, &second];
    let slices = [&first[..], &second[..]];
    let owned = vec![first.to_vec(), second.to_vec()];
    let forms: [Steps<'_>; 4] = [
        Steps::from(&arrays),
        Steps::from(&references),
        Steps::from(&slices),
        Steps::from(owned),
    ];
    for steps in forms {
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert_eq!(steps.get(0), Some(&first[..]));
        assert_eq!(steps.get(1), Some(&second[..]));
        assert_eq!(steps.get(2), None);
        assert_eq!(render_transformation(steps).unwrap(), want);
    }
}

#[test]
fn owned_steps_keep_each_step_apart_even_an_empty_one() {
    let (a, b, c) = (
        Transform::width(300),
        Transform::height(200),
        Transform::rotation(90),
    );
    let steps = Steps::from(vec![vec![a.clone(), b.clone()], vec![], vec![c.clone()]]);
    assert_eq!(steps.len(), 3);
    assert_eq!(steps.get(0), Some(&[a, b][..]));
    assert_eq!(steps.get(1), Some(&[][..]));
    assert_eq!(steps.get(2), Some(&[c][..]));
    assert_eq!(steps.get(3), None);
    assert_eq!(render_transformation(steps).unwrap(), "w-300,h-200:rt-90");
    assert!(Steps::from(Vec::<Vec<Transform<'_>>>::new()).is_empty());
}

#[test]
fn steps_without_entries_render_nothing() {
    let none: [[Transform<'_>; 0]; 3] = [[], [], []];
    assert_eq!(render_transformation(&none).unwrap(), "");
    let empty: [Transform<'_>; 0] = [];
    assert_eq!(render_transformation(&empty).unwrap(), "");
    let url = ik()
        .url(&UrlOptions::path("/a.jpg").transformation(&none))
        .unwrap();
    assert_eq!(url, "https://ik.imagekit.io/demo/a.jpg");
}
