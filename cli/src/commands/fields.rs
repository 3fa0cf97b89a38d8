//! Custom metadata fields: `fields list|create|update|delete`.

use clap::{Subcommand, ValueEnum};
use imagekit::api::custom_metadata::{
    CreateCustomMetadataField, CustomMetadataField, CustomMetadataFieldType, CustomMetadataRules,
    DeleteCustomMetadataField, ListCustomMetadataFields, UpdateCustomMetadataField,
};
use imagekit::ImageKit;

use super::values;
use crate::output::{api, CmdResult, Out};
use crate::table::Table;

#[derive(Subcommand)]
pub(crate) enum FieldsCommand {
    /// List the custom metadata fields.
    List {
        /// Include deleted fields.
        #[arg(long)]
        include_deleted: bool,
        /// Only the fields that apply at this folder path.
        #[arg(long, value_name = "PATH")]
        folder: Option<String>,
    },
    /// Create a field.
    Create {
        /// The API name (the key in an asset's customMetadata).
        name: String,
        /// The label shown in the media library (default: the name).
        #[arg(long)]
        label: Option<String>,
        /// The type of its values.
        #[arg(long = "type", value_enum, value_name = "TYPE")]
        field_type: FieldType,
        /// A hint shown beside the field in the media library (up to 500 characters).
        #[arg(long)]
        description: Option<String>,
        /// The rules as JSON, e.g. '{"minValue": 1, "maxValue": 10, "isValueRequired": false}'.
        #[arg(long, value_parser = parse_rules, value_name = "JSON")]
        rules: Option<Box<CustomMetadataRules>>,
    },
    /// Change a field's label, description or rules.
    Update {
        /// The field id.
        #[arg(value_parser = values::id)]
        id: String,
        /// A new label.
        #[arg(long)]
        label: Option<String>,
        /// A new description ('' clears it).
        #[arg(long)]
        description: Option<String>,
        /// New rules as JSON.
        #[arg(long, value_parser = parse_rules, value_name = "JSON")]
        rules: Option<Box<CustomMetadataRules>>,
    },
    /// Delete a field.
    Delete {
        /// The field id.
        #[arg(value_parser = values::id)]
        id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FieldType {
    Text,
    Textarea,
    Number,
    Date,
    Boolean,
    SingleSelect,
    MultiSelect,
}

impl FieldType {
    fn api(self) -> CustomMetadataFieldType {
        match self {
            FieldType::Text => CustomMetadataFieldType::Text,
            FieldType::Textarea => CustomMetadataFieldType::Textarea,
            FieldType::Number => CustomMetadataFieldType::Number,
            FieldType::Date => CustomMetadataFieldType::Date,
            FieldType::Boolean => CustomMetadataFieldType::Boolean,
            FieldType::SingleSelect => CustomMetadataFieldType::SingleSelect,
            FieldType::MultiSelect => CustomMetadataFieldType::MultiSelect,
        }
    }
}

/// `--rules`, boxed: the rules are large next to every other command's arguments.
fn parse_rules(text: &str) -> Result<Box<CustomMetadataRules>, String> {
    serde_json::from_str(text).map_err(|e| format!("not the JSON of the rules: {e}"))
}

/// `fields list|create|update|delete`.
pub(super) async fn run(ik: &ImageKit, command: FieldsCommand, out: Out) -> CmdResult {
    match command {
        FieldsCommand::List {
            include_deleted,
            folder,
        } => {
            let mut list = ListCustomMetadataFields::new();
            list.include_deleted = include_deleted.then_some(true);
            list.folder_path = folder;
            let fields = api(ik.list_custom_metadata_fields(&list).await)?;
            out.show(&fields, || {
                let mut t = Table::new(&["ID", "NAME", "LABEL", "TYPE", "RULES"]);
                for f in &fields {
                    t.row(field_row(f));
                }
                t
            })
        }
        FieldsCommand::Create {
            name,
            label,
            field_type,
            description,
            rules,
        } => {
            let label = label.unwrap_or_else(|| name.clone());
            let mut create = CreateCustomMetadataField::new(name, label, field_type.api());
            create.description = description;
            if let Some(rules) = rules {
                create.schema.rules = *rules;
            }
            let field = api(ik.create_custom_metadata_field(&create).await)?;
            out.object(&field, &[])
        }
        FieldsCommand::Update {
            id,
            label,
            description,
            rules,
        } => {
            if label.is_none() && description.is_none() && rules.is_none() {
                return Err("nothing to update: give --label, --description or --rules"
                    .to_string()
                    .into());
            }
            let mut update = UpdateCustomMetadataField::new(id);
            update.label = label;
            update.description = description;
            update.schema = rules.map(|r| *r);
            let field = api(ik.update_custom_metadata_field(&update).await)?;
            out.object(&field, &[])
        }
        FieldsCommand::Delete { id } => {
            api(ik
                .delete_custom_metadata_field(&DeleteCustomMetadataField::new(id))
                .await)?;
            out.done("deleted")
        }
    }
}

fn field_row(f: &CustomMetadataField) -> Vec<String> {
    let rules = serde_json::to_value(&f.schema.rules)
        .ok()
        .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
        .map(|v| v.to_string())
        .unwrap_or_default();
    vec![
        f.id.clone(),
        f.name.clone(),
        f.label.clone(),
        f.schema.field_type.to_string(),
        rules,
    ]
}
