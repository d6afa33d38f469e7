//! One field of a form: free text (a `tui_input::Input`), or a picker over a closed set of names
//! that comes from the domain (a `named_enum!`'s `NAMES`): ←/→ cycle, a letter picks.

use tui_input::Input;

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    /// Still the suggested value: the first character typed replaces it.
    pub pristine: bool,
    /// A closed set (a domain enum's `NAMES`): the field is a picker and `input` holds the
    /// chosen name. Empty: free text.
    pub choices: &'static [&'static str],
}

impl Field {
    pub fn is_picker(&self) -> bool {
        !self.choices.is_empty()
    }

    /// The chosen choice's position.
    pub fn chosen(&self) -> Option<usize> {
        self.choices.iter().position(|c| *c == self.input.value())
    }

    fn choose(&mut self, i: usize) {
        if let Some(c) = self.choices.get(i) {
            self.input = Input::new((*c).to_string());
            self.pristine = false;
        }
    }

    /// ←/→: the previous or next choice, wrapping around.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.choices.len();
        if n == 0 {
            return;
        }
        let i = match (self.chosen(), forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.choose(i);
    }

    /// A letter picks the first choice starting with it; pressed again, the next such choice.
    /// A letter no choice starts with changes nothing (and returns false).
    pub fn pick_letter(&mut self, letter: char) -> bool {
        let letter: String = letter.to_lowercase().collect();
        let starts: Vec<usize> = (0..self.choices.len())
            .filter(|&i| self.choices[i].starts_with(&letter))
            .collect();
        let next = match self
            .chosen()
            .and_then(|c| starts.iter().position(|&i| i == c))
        {
            Some(k) => starts[(k + 1) % starts.len()],
            None => match starts.first() {
                Some(&i) => i,
                None => return false,
            },
        };
        self.choose(next);
        true
    }
}

pub(super) fn field(label: &'static str, hint: &'static str, value: &str) -> Field {
    Field {
        label,
        hint,
        input: Input::new(value.to_string()),
        pristine: !value.is_empty(),
        choices: &[],
    }
}

/// A picker over `choices` (a domain enum's `NAMES`), `chosen` selected.
pub(super) fn picker(label: &'static str, choices: &'static [&'static str], chosen: &str) -> Field {
    Field {
        choices,
        ..field(label, "←/→ or a letter picks", chosen)
    }
}
