// SPDX-License-Identifier: AGPL-3.0-or-later
// Entry point: the CLI dispatcher.
int main()
{
    return 0;
}
