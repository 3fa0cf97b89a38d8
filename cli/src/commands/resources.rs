//! The account's resources, each with `list`, `get` and `delete`: saved extensions, origins, URL
//! endpoints, named transformations and webhook endpoints.

use clap::Subcommand;
use imagekit::api::crud::{Delete, Get, List, Resource};
use imagekit::api::extensions::SavedExtension;
use imagekit::api::named::NamedTransformation;
use imagekit::api::origins::Origin;
use imagekit::api::url_endpoints::UrlEndpoint;
use imagekit::api::webhooks::WebhookEndpoint;
use imagekit::ImageKit;
use serde::Serialize;

use super::values;
use crate::output::{api, CmdResult, Out};
use crate::table::{self, Table};

/// list / get / delete of an account resource.
#[derive(Subcommand)]
pub(crate) enum ResourceCommand {
    /// List them all.
    List,
    /// Show one.
    Get {
        /// The id.
        #[arg(value_parser = values::id)]
        id: String,
    },
    /// Delete one.
    Delete {
        /// The id.
        #[arg(value_parser = values::id)]
        id: String,
    },
}

/// An account resource the CLI lists, shows and deletes.
pub(super) trait Listed: Resource + Serialize {
    /// The list table's header.
    const HEADER: &'static [&'static str];
    /// Fields the `get` table leaves out (secrets), shown with --json.
    const HIDE: &'static [&'static str] = &[];
    /// One row of the list table.
    fn row(&self) -> Vec<String>;
}

impl Listed for SavedExtension {
    const HEADER: &'static [&'static str] = &["ID", "NAME", "DESCRIPTION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.description.clone().unwrap_or_default(),
        ]
    }
}

impl Listed for Origin {
    const HEADER: &'static [&'static str] = &["ID", "TYPE", "NAME"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.settings.origin_type().to_string(),
            self.name.clone(),
        ]
    }
}

impl Listed for UrlEndpoint {
    const HEADER: &'static [&'static str] = &["ID", "URL PREFIX", "ORIGINS", "DESCRIPTION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.url_prefix.clone(),
            table::join(&self.origins),
            self.description.clone(),
        ]
    }
}

impl Listed for NamedTransformation {
    const HEADER: &'static [&'static str] = &["ID", "NAME", "ENABLED", "TRANSFORMATION"];
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.enabled.map(|e| e.to_string()).unwrap_or_default(),
            self.transformation.clone(),
        ]
    }
}

impl Listed for WebhookEndpoint {
    const HEADER: &'static [&'static str] = &["ID", "ENDPOINT", "ENABLED", "EVENTS"];
    const HIDE: &'static [&'static str] = &["secret"];
    fn row(&self) -> Vec<String> {
        let events: Vec<String> = self.events.iter().map(|e| e.to_string()).collect();
        vec![
            self.id.clone(),
            self.endpoint.clone(),
            self.enabled.map(|e| e.to_string()).unwrap_or_default(),
            table::join(&events),
        ]
    }
}

/// `list`, `get` and `delete` of the resource `R`.
pub(super) async fn run<R: Listed>(ik: &ImageKit, command: ResourceCommand, out: Out) -> CmdResult {
    match command {
        ResourceCommand::List => {
            let items = api(ik.send(&List::<R>::new()).await)?;
            out.show(&items, || {
                let mut t = Table::new(R::HEADER);
                for item in &items {
                    t.row(item.row());
                }
                t
            })
        }
        ResourceCommand::Get { id } => {
            let item = api(ik.send(&Get::<R>::new(id)).await)?;
            out.object(&item, R::HIDE)
        }
        ResourceCommand::Delete { id } => {
            api(ik.send(&Delete::<R>::new(id)).await)?;
            out.done("deleted")
        }
    }
}
