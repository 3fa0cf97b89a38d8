//! Folders, bulk jobs and custom metadata fields against Prism serving ImageKit's OpenAPI
//! file: each request must pass the contract's checks and each example answer must decode.
//! Each test runs live (skipped without `IMAGEKIT_PRISM_URL`) and replayed from
//! tests/fixtures/contract/ (see `contract!`).

use imagekit::api::custom_metadata::{
    CreateCustomMetadataField, CustomMetadataFieldType, CustomMetadataRules,
    DeleteCustomMetadataField, ListCustomMetadataFields, UpdateCustomMetadataField,
};
use imagekit::api::folders::{
    BulkJobType, CopyFolder, CreateFolder, DeleteFolder, GetBulkJobStatus, JobState, MoveFolder,
    RenameFolder,
};
use imagekit::api::Outcome;
use serde_json::json;

mod support;

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
        let mut create =
            CreateCustomMetadataField::new("sizes", "Sizes", CustomMetadataFieldType::MultiSelect);
        create.schema.rules = CustomMetadataRules {
            select_options: Some(vec![json!("small"), json!(30), json!(true)]),
            default_value: Some(json!(["small", 30])),
            is_value_required: Some(false),
            min_value: Some(json!("2024-01-01T00:00:00.000Z")),
            max_value: Some(json!(2.5)),
            min_length: Some(1.0),
            max_length: Some(120.0),
        };
        ik.create_custom_metadata_field(&create).await.unwrap();
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
