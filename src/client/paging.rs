//! Every result of a listing, page after page: [`ImageKit::list_all_files`] gives a
//! [`FileStream`] that asks for the next page (`skip` + `limit`) only when the items of the last
//! one have been taken.

use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;

use super::ImageKit;
use crate::api::files::ListFiles;
use crate::api::Asset;
use crate::error::Error;

/// The largest page `GET /v1/files` answers.
const MAX_PAGE: u32 = 1000;

type Page = Pin<Box<dyn Future<Output = Result<Vec<Asset>, Error>> + Send>>;

/// The files and folders of a listing, one page at a time, as a [`Stream`] (or with
/// [`next`](FileStream::next), no stream library needed). Made by
/// [`ImageKit::list_all_files`].
///
/// Pages follow each other by `skip`, as the API has no cursor: files added or deleted while
/// the listing runs can shift it, so an item may be missed or seen twice. Give a `sort` for an
/// order that does not change between pages. At most one page is held at a time; the stream
/// ends after a page shorter than the page size, at [`max_items`](FileStream::max_items), or
/// after an error (yielded once).
#[must_use = "a stream does nothing until it is polled"]
pub struct FileStream {
    client: ImageKit,
    list: ListFiles,
    page_size: u32,
    left: Option<u64>,
    next_skip: u64,
    items: VecDeque<Asset>,
    /// The page being fetched and how many items it asked for.
    page: Option<(Page, u32)>,
    done: bool,
}

impl fmt::Debug for FileStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStream")
            .field("list", &self.list)
            .field("page_size", &self.page_size)
            .field("left", &self.left)
            .field("next_skip", &self.next_skip)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl ImageKit {
    /// Every file and folder `list` matches, from its `skip` on, fetched a page at a time
    /// (1,000 items by default; see [`FileStream::page_size`]) as they are read.
    ///
    /// ```no_run
    /// use imagekit::api::files::{ListFiles, ListSort};
    ///
    /// # async fn run(ik: &imagekit::ImageKit) -> Result<(), imagekit::Error> {
    /// let list = ListFiles::new().path("/products/").sort(ListSort::AscCreated);
    /// let mut files = ik.list_all_files(list).page_size(500).max_items(10_000);
    /// while let Some(asset) = files.next().await {
    ///     println!("{:?}", asset?);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_all_files(&self, list: ListFiles) -> FileStream {
        FileStream {
            client: self.clone(),
            next_skip: u64::from(list.skip.unwrap_or(0)),
            page_size: list.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE),
            list,
            left: None,
            items: VecDeque::new(),
            page: None,
            done: false,
        }
    }
}

impl FileStream {
    /// How many items to ask for per request, 1 to 1,000 (the listing's `limit`, or 1,000).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.clamp(1, MAX_PAGE);
        self
    }

    /// Ends the stream after this many items in all.
    pub fn max_items(mut self, max: u64) -> Self {
        self.left = Some(max);
        self
    }

    /// The next file or folder, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Asset, Error>> {
        core::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The request for the page at `next_skip`, sized to what is still wanted, or `None` when
    /// nothing is (or `skip` would pass what the API takes).
    fn request(&self) -> Option<Result<ListFiles, Error>> {
        let size = match self.left {
            Some(0) => return None,
            // At most `page_size`, so within u32.
            Some(left) => left.min(u64::from(self.page_size)) as u32,
            None => self.page_size,
        };
        let Ok(skip) = u32::try_from(self.next_skip) else {
            return Some(Err(crate::url::InputError::WrongType(
                "skip",
                "at most 4294967295 (the API's limit)",
            )
            .into()));
        };
        let mut list = self.list.clone();
        list.skip = Some(skip);
        list.limit = Some(size);
        Some(Ok(list))
    }
}

impl Stream for FileStream {
    type Item = Result<Asset, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.left == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(asset) = this.items.pop_front() {
                if let Some(left) = &mut this.left {
                    *left -= 1;
                }
                return Poll::Ready(Some(Ok(asset)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let (page, asked) = match &mut this.page {
                Some(page) => page,
                None => match this.request() {
                    None => {
                        this.done = true;
                        continue;
                    }
                    Some(Err(e)) => {
                        this.done = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                    Some(Ok(list)) => {
                        let client = this.client.clone();
                        let asked = list.limit.unwrap_or(MAX_PAGE);
                        let page: Page = Box::pin(async move { client.list_files(&list).await });
                        this.page.insert((page, asked))
                    }
                },
            };
            let result = core::task::ready!(page.as_mut().poll(cx));
            let asked = *asked;
            this.page = None;
            match result {
                Ok(assets) => {
                    this.done = assets.len() < asked as usize;
                    this.next_skip += assets.len() as u64;
                    this.items.extend(assets);
                }
                Err(e) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}
