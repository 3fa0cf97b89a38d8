//! URL generation allocates once: the returned `String`. Counted with a global allocator that
//! this test binary alone installs.
// A GlobalAlloc is an unsafe trait: the one place the workspace allows unsafe code.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use imagekit::{ImageKit, Transform, TransformationPosition, UrlOptions};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn unsigned_path_url_with_two_parameters_allocates_only_the_result() {
    let ik = ImageKit::new("https://ik.imagekit.io/test_url_endpoint").unwrap();
    let steps: &[&[Transform<'_>]] =
        &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
    let opts = UrlOptions::path("/default-image.jpg").transformation(steps);
    let (url, count) = allocations_of(|| ik.url(&opts).unwrap());
    assert_eq!(
        url,
        "https://ik.imagekit.io/test_url_endpoint/tr:h-300,w-400/default-image.jpg"
    );
    assert_eq!(count, 1, "allocations for one URL");
}

#[test]
fn signed_and_query_urls_allocate_only_the_result() {
    let ik = ImageKit::new("https://ik.imagekit.io/test_url_endpoint")
        .unwrap()
        .with_private_key("private_key_test");
    let steps: &[&[Transform<'_>]] =
        &[&[Transform::Height(300.into()), Transform::Width(400.into())]];
    let signed = UrlOptions::path("/default-image.jpg")
        .transformation(steps)
        .signed(true)
        .expire_seconds(300);
    let (_, count) = allocations_of(|| ik.url_at(&signed, 1_700_000_000).unwrap());
    assert_eq!(count, 1, "allocations for a signed URL");
    let query = UrlOptions::src("https://ik.imagekit.io/test_url_endpoint/default-image.jpg")
        .transformation(steps)
        .position(TransformationPosition::Query);
    let (url, count) = allocations_of(|| ik.url(&query).unwrap());
    assert!(url.ends_with("?tr=h-300%2Cw-400"));
    assert_eq!(count, 1, "allocations for a query URL");
}
