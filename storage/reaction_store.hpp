// SPDX-License-Identifier: AGPL-3.0-or-later
// Likes, boosts and accepted quotes of the blog's posts.
#pragma once

#include "storage/comment_records.hpp"
#include "storage/result.hpp"

#include <string_view>
#include <vector>

namespace fedblog::storage {

/** Reactions, counted per actor.

    The contract of storage/store.hpp applies to every method.
*/
class reaction_store
{
public:
    reaction_store()                                 = default;
    reaction_store(const reaction_store&)            = delete;
    reaction_store& operator=(const reaction_store&) = delete;
    virtual ~reaction_store()                        = default;

    /// Records `r`; the same (post, actor, kind, object) again changes nothing.
    /// @return true when it was new.
    virtual result<bool> add_reaction(const reaction& r) = 0;

    /** add_reaction() and, in the same transaction, remote_store::record_inbound() of
        `r.activity_id` at `r.created`: an inbound Like or Announce is counted and marked as
        seen with one commit instead of two. Nothing is written when either fails.
        @return true when the reaction was new.
    */
    virtual result<bool> add_inbound_reaction(const reaction& r) = 0;

    /** Removes the reaction of `actor_id` made by the activity `activity_id` (Undo by
        reference or embedded). @return true when one was removed.
    */
    virtual result<bool> remove_reaction(std::string_view actor_id,
                                         std::string_view activity_id) = 0;

    /** Removes `actor_id`'s reaction of `kind` to `post_slug` (Undo that names the object
        rather than the activity). @return true when one was removed.
    */
    virtual result<bool> remove_reaction_to(std::string_view actor_id, std::string_view kind,
                                            std::string_view post_slug) = 0;

    virtual result<reaction_counts> count_reactions(std::string_view post_slug) = 0;

    /// The accepted quote whose approval_id is `approval_id`, if it still stands.
    virtual result<std::optional<reaction>> find_quote(std::string_view approval_id) = 0;

    /// Reactions of one kind to a post, oldest first.
    virtual result<std::vector<reaction>> list_reactions(std::string_view post_slug,
                                                         std::string_view kind) = 0;
};

} // namespace fedblog::storage
