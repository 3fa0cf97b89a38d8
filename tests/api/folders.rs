//! Folders, bulk jobs and custom metadata fields. Through a scripted transport: the exact
//! request each operation sends and what its answer decodes into. Against Prism serving
//! ImageKit's OpenAPI file (the contract cases at the end): each request must pass the
//! contract's checks and each example answer must decode; each runs live (skipped without
//! `IMAGEKIT_PRISM_URL`) and replayed from tests/fixtures/contract/ (see `contract!`).

use std::sync::Arc;

use futures_lite::future::block_on;
use imagekit::api::custom_metadata::{
    CreateCustomMetadataField, CustomMetadataField, CustomMetadataFieldType, CustomMetadataRules,
    DeleteCustomMetadataField, ListCustomMetadataFields, UpdateCustomMetadataField,
};
use imagekit::api::folders::{
    BulkJob, BulkJobType, CopyFolder, CreateFolder, DeleteFolder, GetBulkJobStatus, JobState,
    MoveFolder, RenameFolder,
};
use imagekit::api::Outcome;
use imagekit::transport::testing::FakeTransport;
use imagekit::ImageKit;
use rstest::rstest;
use serde_json::{json, Value};

use crate::{assert_request, contract, fake_client, only_request as sent};

/// A client whose transport answers `answer` once, and that transport.
fn client(answer: http::Response<bytes::Bytes>) -> (ImageKit, Arc<FakeTransport>) {
    let fake = Arc::new(FakeTransport::new().with_response(answer));
    (fake_client(&fake), fake)
}

fn empty(status: u16) -> http::Response<bytes::Bytes> {
    FakeTransport::response(status, &[], "")
}

// ---- folders ----

#[test]
fn create_folder_posts_the_name_and_parent() {
    let (ik, fake) = client(FakeTransport::json(201, &json!({})));
    block_on(ik.create_folder(&CreateFolder::new("summer", "/product/images/"))).unwrap();
    assert_request(
        &sent(&fake),
        "POST",
        "/v1/folder",
        Some(json!({"folderName": "summer", "parentFolderPath": "/product/images/"})),
    );
}

#[test]
fn delete_folder_sends_the_path_in_a_json_body() {
    let (ik, fake) = client(empty(204));
    block_on(ik.delete_folder(&DeleteFolder::new("/folder/to/delete/"))).unwrap();
    assert_request(
        &sent(&fake),
        "DELETE",
        "/v1/folder",
        Some(json!({"folderPath": "/folder/to/delete/"})),
    );
}

enum Job {
    Copy(CopyFolder),
    Move(MoveFolder),
    Rename(RenameFolder),
}

fn copy_all() -> Job {
    let mut copy = CopyFolder::new("/path/of/source/folder", "/path/of/destination/folder");
    copy.include_versions = Some(true);
    Job::Copy(copy)
}

fn rename_purging() -> Job {
    let mut rename = RenameFolder::new("/path/of/folder", "new-folder-name");
    rename.purge_cache = Some(true);
    Job::Rename(rename)
}

#[rstest]
#[case::copy(
    Job::Copy(CopyFolder::new("/a", "/b")),
    200,
    "/v1/bulkJobs/copyFolder",
    json!({"sourceFolderPath": "/a", "destinationPath": "/b"})
)]
#[case::copy_with_versions(
    copy_all(),
    200,
    "/v1/bulkJobs/copyFolder",
    json!({
        "sourceFolderPath": "/path/of/source/folder",
        "destinationPath": "/path/of/destination/folder",
        "includeVersions": true
    })
)]
#[case::move_(
    Job::Move(MoveFolder::new("/a", "/b")),
    200,
    "/v1/bulkJobs/moveFolder",
    json!({"sourceFolderPath": "/a", "destinationPath": "/b"})
)]
#[case::rename(
    Job::Rename(RenameFolder::new("/a", "c")),
    202,
    "/v1/bulkJobs/renameFolder",
    json!({"folderPath": "/a", "newFolderName": "c"})
)]
#[case::rename_purging(
    rename_purging(),
    202,
    "/v1/bulkJobs/renameFolder",
    json!({"folderPath": "/path/of/folder", "newFolderName": "new-folder-name", "purgeCache": true})
)]
fn bulk_jobs_post_their_parameters_and_answer_a_job_id(
    #[case] job: Job,
    #[case] status: u16,
    #[case] path: &str,
    #[case] body: Value,
) {
    let answer = json!({"jobId": "5d5b1a9b4c8c4c0001f3e4a2", "later": 1});
    let (ik, fake) = client(FakeTransport::json(status, &answer));
    let job: BulkJob = block_on(async {
        match &job {
            Job::Copy(p) => ik.copy_folder(p).await,
            Job::Move(p) => ik.move_folder(p).await,
            Job::Rename(p) => ik.rename_folder(p).await,
        }
    })
    .unwrap();
    assert_request(&sent(&fake), "POST", path, Some(body));
    assert_eq!(job.job_id, "5d5b1a9b4c8c4c0001f3e4a2");
    assert_eq!(job.extra["later"], 1);
}

#[test]
fn a_job_status_is_complete() {
    let answer =
        json!({"jobId": "5d5b1a9b4c8c4c0001f3e4a2", "type": "COPY_FOLDER", "status": "Completed"});
    let (ik, fake) = client(FakeTransport::json(200, &answer));
    let outcome =
        block_on(ik.get_bulk_job_status(&GetBulkJobStatus::new("5d5b1a9b4c8c4c0001f3e4a2")))
            .unwrap();
    assert_request(
        &sent(&fake),
        "GET",
        "/v1/bulkJobs/5d5b1a9b4c8c4c0001f3e4a2",
        None,
    );
    let Outcome::Complete(status) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(status.job_id, "5d5b1a9b4c8c4c0001f3e4a2");
    assert_eq!(status.job_type, Some(BulkJobType::CopyFolder));
    assert_eq!(status.status, Some(JobState::Completed));
    assert_eq!(status.purge_request_id, None);
}

#[test]
fn a_rename_whose_purge_failed_is_a_partial_outcome() {
    let answer = json!({
        "jobId": "5d5b1a9b4c8c4c0001f3e4a2",
        "type": "RENAME_FOLDER",
        "status": "Partial success",
        "message": "Folder renamed successfully but purging cache on nested files failed.",
        "help": "For support kindly contact us at support@imagekit.io."
    });
    let (ik, _fake) = client(FakeTransport::json(207, &answer));
    let outcome = block_on(ik.get_bulk_job_status(&GetBulkJobStatus::new("j"))).unwrap();
    assert!(outcome.is_partial());
    let Outcome::Partial(status) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(status.job_type, Some(BulkJobType::RenameFolder));
    assert_eq!(status.status, Some(JobState::PartialSuccess));
    assert_eq!(
        status.message.as_deref(),
        Some("Folder renamed successfully but purging cache on nested files failed.")
    );
}

#[test]
fn job_states_the_sdk_does_not_know_are_kept() {
    let answer =
        json!({"jobId": "j", "type": "ZIP_FOLDER", "status": "Queued", "purgeRequestId": "p1"});
    let (ik, _fake) = client(FakeTransport::json(200, &answer));
    let Outcome::Complete(status) =
        block_on(ik.get_bulk_job_status(&GetBulkJobStatus::new("j"))).unwrap()
    else {
        panic!("not complete")
    };
    assert_eq!(
        status.job_type,
        Some(BulkJobType::Other("ZIP_FOLDER".into()))
    );
    assert_eq!(status.status, Some(JobState::Other("Queued".into())));
    assert_eq!(status.purge_request_id.as_deref(), Some("p1"));
}

#[test]
fn a_job_id_is_one_encoded_path_segment() {
    let (ik, fake) = client(FakeTransport::json(200, &json!({"jobId": "a/b c"})));
    block_on(ik.get_bulk_job_status(&GetBulkJobStatus::new("a/b c"))).unwrap();
    assert_eq!(
        sent(&fake).uri,
        "https://api.imagekit.io/v1/bulkJobs/a%2Fb%20c"
    );
}

// ---- custom metadata fields ----

fn price_field() -> Value {
    json!({
        "id": "598821f949c0a938d57563dd",
        "name": "price",
        "label": "price",
        "schema": {"type": "Number", "minValue": 1000, "maxValue": 3000}
    })
}

#[test]
fn create_custom_metadata_field_posts_name_label_and_schema() {
    let (ik, fake) = client(FakeTransport::json(201, &price_field()));
    let mut create =
        CreateCustomMetadataField::new("price", "price", CustomMetadataFieldType::Number);
    create.schema.rules.min_value = Some(1000.into());
    create.schema.rules.max_value = Some(3000.into());
    let field = block_on(ik.create_custom_metadata_field(&create)).unwrap();
    assert_request(
        &sent(&fake),
        "POST",
        "/v1/customMetadataFields",
        Some(json!({
            "name": "price",
            "label": "price",
            "schema": {"type": "Number", "minValue": 1000, "maxValue": 3000}
        })),
    );
    assert_eq!(field.id, "598821f949c0a938d57563dd");
    assert_eq!(field.schema.field_type, CustomMetadataFieldType::Number);
    assert_eq!(field.schema.rules.min_value, Some(json!(1000)));
    assert_eq!(field.schema.rules.max_value, Some(json!(3000)));
    assert!(field.schema.extra.is_empty());
}

/// A multi-select field setting every rule, each of a JSON type the rule allows (the fake case
/// checks what goes on the wire; the contract case that Prism takes it).
fn sizes_with_every_rule(is_value_required: bool) -> CreateCustomMetadataField {
    let mut create =
        CreateCustomMetadataField::new("sizes", "Sizes", CustomMetadataFieldType::MultiSelect);
    create.schema.rules = CustomMetadataRules {
        select_options: Some(vec![json!("small"), json!(30), json!(true)]),
        default_value: Some(json!(["small", 30])),
        is_value_required: Some(is_value_required),
        min_value: Some(json!("2024-01-01T00:00:00.000Z")),
        max_value: Some(json!(2.5)),
        min_length: Some(1),
        max_length: Some(120),
    };
    create
}

#[test]
fn every_rule_goes_on_the_wire_with_its_json_type() {
    let (ik, fake) = client(FakeTransport::json(201, &price_field()));
    block_on(ik.create_custom_metadata_field(&sizes_with_every_rule(true))).unwrap();
    assert_eq!(
        sent(&fake).body_json().unwrap()["schema"],
        json!({
            "type": "MultiSelect",
            "selectOptions": ["small", 30, true],
            "defaultValue": ["small", 30],
            "isValueRequired": true,
            "minValue": "2024-01-01T00:00:00.000Z",
            "maxValue": 2.5,
            "minLength": 1,
            "maxLength": 120
        })
    );
}

#[rstest]
#[case::all(ListCustomMetadataFields::new(), "/v1/customMetadataFields")]
#[case::filtered(
    ListCustomMetadataFields { include_deleted: Some(true), folder_path: Some("/a b/c".into()) },
    "/v1/customMetadataFields?includeDeleted=true&folderPath=%2Fa+b%2Fc"
)]
fn list_custom_metadata_fields_sends_the_filters_as_a_query(
    #[case] params: ListCustomMetadataFields,
    #[case] uri: &str,
) {
    let answer = json!([
        {"id": "598821f949c0a938d57563dd", "name": "brand", "label": "brand",
         "schema": {"type": "Text", "defaultValue": "Nike"}},
        {"id": "865421f949c0a835d57563dd", "name": "price", "label": "price",
         "schema": {"type": "Number", "minValue": 1000, "maxValue": 3000}, "isDeleted": true}
    ]);
    let (ik, fake) = client(FakeTransport::json(200, &answer));
    let fields = block_on(ik.list_custom_metadata_fields(&params)).unwrap();
    assert_request(&sent(&fake), "GET", uri, None);
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].name, "brand");
    assert_eq!(fields[0].schema.field_type, CustomMetadataFieldType::Text);
    assert_eq!(fields[0].schema.rules.default_value, Some(json!("Nike")));
    assert_eq!(fields[1].schema.rules.min_value, Some(json!(1000)));
    assert_eq!(fields[1].extra["isDeleted"], true);
}

#[test]
fn update_custom_metadata_field_patches_label_and_rules_but_not_the_type() {
    let (ik, fake) = client(FakeTransport::json(200, &price_field()));
    let mut update = UpdateCustomMetadataField::new("598821f949c0a938d57563dd");
    update.label = Some("price".into());
    update.schema = Some(CustomMetadataRules {
        min_value: Some(1000.into()),
        max_value: Some(3000.into()),
        ..Default::default()
    });
    let field = block_on(ik.update_custom_metadata_field(&update)).unwrap();
    assert_request(
        &sent(&fake),
        "PATCH",
        "/v1/customMetadataFields/598821f949c0a938d57563dd",
        Some(json!({"label": "price", "schema": {"minValue": 1000, "maxValue": 3000}})),
    );
    assert_eq!(field.label, "price");
}

#[test]
fn an_update_of_the_label_alone_sends_only_the_label() {
    let (ik, fake) = client(FakeTransport::json(200, &price_field()));
    let mut update = UpdateCustomMetadataField::new("f1");
    update.label = Some("Cost".into());
    block_on(ik.update_custom_metadata_field(&update)).unwrap();
    assert_eq!(sent(&fake).body_json().unwrap(), json!({"label": "Cost"}));
}

#[test]
fn delete_custom_metadata_field_answers_nothing() {
    let (ik, fake) = client(empty(204));
    block_on(ik.delete_custom_metadata_field(&DeleteCustomMetadataField::new("f 1"))).unwrap();
    assert_request(
        &sent(&fake),
        "DELETE",
        "/v1/customMetadataFields/f%201",
        None,
    );
}

#[test]
fn a_schema_keeps_unknown_fields_apart_from_the_rules() {
    let field: CustomMetadataField = serde_json::from_value(json!({
        "id": "f", "name": "n", "label": "l",
        "schema": {"type": "Rating", "minValue": 1, "stars": 5}
    }))
    .unwrap();
    assert_eq!(
        field.schema.field_type,
        CustomMetadataFieldType::Other("Rating".into())
    );
    assert_eq!(field.schema.rules.min_value, Some(json!(1)));
    assert_eq!(field.schema.extra.len(), 1);
    assert_eq!(field.schema.extra["stars"], 5);
    assert_eq!(
        serde_json::to_value(&field.schema).unwrap(),
        json!({"type": "Rating", "minValue": 1, "stars": 5})
    );
}

// ---- shared shapes ----

/// One call of each kind, with its answer discarded.
#[derive(Debug, Clone, Copy)]
enum Call {
    DeleteFolder,
    RenameFolder,
    MoveFolder,
    JobStatus,
    UpdateField,
    DeleteField,
}

fn call(ik: &ImageKit, call: Call, id: &str) -> Result<(), imagekit::Error> {
    block_on(async {
        match call {
            Call::DeleteFolder => ik.delete_folder(&DeleteFolder::new(id)).await,
            Call::RenameFolder => ik
                .rename_folder(&RenameFolder::new(id, "b"))
                .await
                .map(drop),
            Call::MoveFolder => ik.move_folder(&MoveFolder::new(id, "/b")).await.map(drop),
            Call::JobStatus => ik
                .get_bulk_job_status(&GetBulkJobStatus::new(id))
                .await
                .map(drop),
            Call::UpdateField => {
                let mut update = UpdateCustomMetadataField::new(id);
                update.label = Some("x".into());
                ik.update_custom_metadata_field(&update).await.map(drop)
            }
            Call::DeleteField => {
                ik.delete_custom_metadata_field(&DeleteCustomMetadataField::new(id))
                    .await
            }
        }
    })
}

#[rstest]
#[case::job_status(Call::JobStatus)]
#[case::update_field(Call::UpdateField)]
#[case::delete_field(Call::DeleteField)]
fn an_empty_path_id_is_refused_before_any_request(#[case] which: Call) {
    let (ik, fake) = client(empty(204));
    let err = call(&ik, which, "").unwrap_err();
    assert_eq!(err.input_error(), Some(&imagekit::InputError::EmptyId));
    assert_eq!(fake.request_count(), 0);
}

#[rstest]
#[case::folder_not_found(Call::DeleteFolder, 404, "No folder found with folderPath `/x/`.")]
#[case::rename_conflict(
    Call::RenameFolder,
    409,
    "Folder with name b already exists at the same location."
)]
#[case::locked(
    Call::MoveFolder,
    423,
    "A bulk job is running on given folder path, please try after sometime."
)]
#[case::job_not_found(Call::JobStatus, 404, "The requested job does not exist.")]
#[case::bad_update(
    Call::UpdateField,
    400,
    "A custom metadata field with this label already exists."
)]
#[case::field_not_found(Call::DeleteField, 404, "No such custom metadata field exists.")]
fn error_answers_become_errors_with_status_and_message(
    #[case] which: Call,
    #[case] status: u16,
    #[case] message: &str,
) {
    let help = "For support kindly contact us at support@imagekit.io.";
    let answer = FakeTransport::response(
        status,
        &[
            ("content-type", "application/json"),
            ("x-ik-requestId", "req-1"),
        ],
        json!({"message": message, "help": help}).to_string(),
    );
    let (ik, _fake) = client(answer);
    let err = call(&ik, which, "/x/").unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.message(), Some(message));
    assert_eq!(err.help(), Some(help));
    assert_eq!(err.request_id(), Some("req-1"));
}

#[test]
fn creates_and_bulk_jobs_are_not_repeated_once_sent_and_the_rest_are() {
    use imagekit::api::Operation;
    use imagekit::Repeat;
    assert_eq!(CreateFolder::new("a", "/").repeat(), Repeat::IfNotSent);
    assert_eq!(CopyFolder::new("/a", "/b").repeat(), Repeat::IfNotSent);
    assert_eq!(MoveFolder::new("/a", "/b").repeat(), Repeat::IfNotSent);
    assert_eq!(RenameFolder::new("/a", "b").repeat(), Repeat::IfNotSent);
    let create = CreateCustomMetadataField::new("a", "a", CustomMetadataFieldType::Text);
    assert_eq!(create.repeat(), Repeat::IfNotSent);
    assert_eq!(DeleteFolder::new("/a").repeat(), Repeat::Safe);
    assert_eq!(GetBulkJobStatus::new("j").repeat(), Repeat::Safe);
    assert_eq!(ListCustomMetadataFields::new().repeat(), Repeat::Safe);
    assert_eq!(UpdateCustomMetadataField::new("f").repeat(), Repeat::Safe);
    assert_eq!(DeleteCustomMetadataField::new("f").repeat(), Repeat::Safe);
}

#[test]
fn a_failed_create_is_not_retried_but_a_failed_delete_is() {
    let busy = || FakeTransport::json(503, &json!({"message": "busy"}));
    let fake = Arc::new(
        FakeTransport::new()
            .with_response(busy())
            .with_response(busy())
            .with_response(empty(204)),
    );
    let ik = fake_client(&fake);
    let err = block_on(ik.create_folder(&CreateFolder::new("a", "/"))).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(fake.request_count(), 1);
    block_on(ik.delete_folder(&DeleteFolder::new("/a"))).unwrap();
    assert_eq!(fake.request_count(), 3);
}

// ---------------------------------------------------------------------------------------------
// Contract cases: the same operations against Prism, live and replayed (see `contract!`).
// ---------------------------------------------------------------------------------------------

contract!(create_folder, |ik| async move {
    ik.create_folder(&CreateFolder::new("summer", "/product/images/"))
        .await
        .unwrap();
});

contract!(delete_folder, |ik| async move {
    ik.delete_folder(&DeleteFolder::new("/folder/to/delete/"))
        .await
        .unwrap();
});

contract!(copy_folder, |ik| async move {
    let mut copy = CopyFolder::new("/path/of/source/folder", "/path/of/destination/folder");
    copy.include_versions = Some(true);
    let job = ik.copy_folder(&copy).await.unwrap();
    assert!(!job.job_id.is_empty());
});

contract!(move_folder, |ik| async move {
    let job = ik
        .move_folder(&MoveFolder::new(
            "/path/of/source/folder",
            "/path/of/destination/folder",
        ))
        .await
        .unwrap();
    assert!(!job.job_id.is_empty());
});

contract!(rename_folder, |ik| async move {
    let mut rename = RenameFolder::new("/path/of/folder", "new-folder-name");
    rename.purge_cache = Some(true);
    let job = ik.rename_folder(&rename).await.unwrap();
    assert!(!job.job_id.is_empty());
});

contract!(get_bulk_job_status, |ik| async move {
    let outcome = ik
        .get_bulk_job_status(&GetBulkJobStatus::new("5d5b1a9b4c8c4c0001f3e4a2"))
        .await
        .unwrap();
    let Outcome::Complete(status) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(status.job_id, "5d5b1a9b4c8c4c0001f3e4a2");
    assert_eq!(status.job_type, Some(BulkJobType::CopyFolder));
    assert_eq!(status.status, Some(JobState::Completed));
});

contract!(create_custom_metadata_field, |ik| async move {
    let mut create =
        CreateCustomMetadataField::new("price", "price", CustomMetadataFieldType::Number);
    create.schema.rules.min_value = Some(1000.into());
    create.schema.rules.max_value = Some(3000.into());
    create.schema.rules.is_value_required = Some(true);
    create.schema.rules.default_value = Some(2000.into());
    let field = ik.create_custom_metadata_field(&create).await.unwrap();
    assert_eq!(field.id, "598821f949c0a938d57563dd");
    assert_eq!(field.schema.field_type, CustomMetadataFieldType::Number);
    assert_eq!(field.schema.rules.max_value, Some(json!(3000)));
});

contract!(
    create_custom_metadata_field_with_every_rule,
    |ik| async move {
        ik.create_custom_metadata_field(&sizes_with_every_rule(false))
            .await
            .unwrap();
    }
);

contract!(list_custom_metadata_fields, |ik| async move {
    let params = ListCustomMetadataFields {
        include_deleted: Some(true),
        folder_path: Some("/path/to/folder".into()),
    };
    let fields = ik.list_custom_metadata_fields(&params).await.unwrap();
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].schema.rules.default_value, Some(json!("Nike")));
    let all = ik
        .list_custom_metadata_fields(&ListCustomMetadataFields::new())
        .await
        .unwrap();
    assert_eq!(all, fields);
});

contract!(update_custom_metadata_field, |ik| async move {
    let mut update = UpdateCustomMetadataField::new("598821f949c0a938d57563dd");
    update.label = Some("price".into());
    update.schema = Some(CustomMetadataRules {
        min_value: Some(1000.into()),
        max_value: Some(3000.into()),
        ..Default::default()
    });
    let field = ik.update_custom_metadata_field(&update).await.unwrap();
    assert_eq!(field.name, "price");
});

contract!(delete_custom_metadata_field, |ik| async move {
    ik.delete_custom_metadata_field(&DeleteCustomMetadataField::new("598821f949c0a938d57563dd"))
        .await
        .unwrap();
});
