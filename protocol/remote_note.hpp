// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading a remote Note (or Article, Page, Question) as the blog needs it for a comment.
#pragma once

#include "protocol/http_date.hpp"
#include "protocol/json.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fedblog::protocol {

/// A Mastodon custom emoji used in a note: `:name:` in the text shows `url`.
struct custom_emoji
{
    std::string name; ///< with the colons, ":blobcat:"
    std::string url;  ///< http(s) image URL
};

/// Who a note is addressed to, from its to/cc (INTEROP.md E41).
enum class note_visibility
{
    public_,   ///< Public in `to`
    unlisted,  ///< Public in `cc` only
    followers, ///< the author's followers collection, no Public
    direct,    ///< only named actors
};

[[nodiscard]] std::string_view to_string(note_visibility v) noexcept;

/// The parts of a remote note that become a comment. Strings are as received: content is
/// unsanitized HTML and every string is untrusted.
struct remote_note
{
    std::string id;
    std::string type;          ///< Note, Article, Page or Question
    std::string attributed_to; ///< actor id
    std::string in_reply_to;   ///< "" when not a reply
    std::string url;           ///< text/html link if given, else id
    std::string content_html;  ///< content (or the first contentMap value); for Article and
                               ///< Page the name comes first as a bold line
    std::string summary;       ///< content warning text
    std::string language;      ///< the contentMap key, if any
    std::string context;       ///< FEP-f228 conversation id/collection, "" if none
    std::string replies;       ///< id of the replies collection, "" if none
    /// To the millisecond: an edit may follow within the same second and must be newer.
    std::optional<std::chrono::sys_time<std::chrono::milliseconds>> published;
    std::optional<std::chrono::sys_time<std::chrono::milliseconds>> updated;
    note_visibility visibility = note_visibility::direct;
    std::vector<custom_emoji> emoji;
    bool sensitive = false;
};

/** Reads a note-like object (Note, Article, Page, Question).

    Requires an http(s) `id` (http only with `allow_http`), a string `attributedTo` (or the
    first actor of an array, or an object with an id) on the id's origin (a note can only
    speak for its own server), and some text. `to`/`cc` give the visibility; `followers` is
    the author's followers collection, when known, to tell followers-only from direct.
    Emoji tags are kept only with an http(s) icon and a `:shortcode:` name of [A-Za-z0-9_].
    @return the note, or error::invalid_document / error::bad_iri / error::missing_field.

    @par Specification
    ActivityStreams Vocabulary 3.3 (Note, Article, Page, Question); Mastodon
    StatusParser (INTEROP.md E35-E43); toot:Emoji.
*/
[[nodiscard]] boost::system::result<remote_note>
read_remote_note(const json::value& obj, std::string_view followers, bool allow_http);

/// True for the object types a comment can be made of.
[[nodiscard]] bool is_note_type(std::string_view type) noexcept;

/** Replaces `:shortcode:` in the text of already-sanitized HTML with small inline images
    (`<img class="emoji">`, escaped attributes, no referrer). Text inside tags is never
    touched; unknown shortcodes stay as text.
*/
[[nodiscard]] std::string render_custom_emoji(std::string_view sanitized_html,
                                              const std::vector<custom_emoji>& emoji);

/// Emoji list as the JSON text stored with a comment, and back (unusable entries dropped).
[[nodiscard]] std::string emoji_to_json(const std::vector<custom_emoji>& emoji);
[[nodiscard]] std::vector<custom_emoji> emoji_from_json(std::string_view json_text);

} // namespace fedblog::protocol
