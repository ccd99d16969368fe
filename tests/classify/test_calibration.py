import numpy as np

from pipeline.classify.calibration import (IsotonicCalibrator, expected_calibration_error, reliability_table)


def test_isotonic_calibrates_a_miscalibrated_score():
    rng = np.random.default_rng(0)
    s = rng.random(5000)
    correct = rng.random(5000) < s ** 2          # true P(correct) = s^2, so s is over-confident
    cal = IsotonicCalibrator.fit(s, correct)
    c = cal(s)
    assert expected_calibration_error(s, correct) > 0.1
    assert expected_calibration_error(c, correct) < 0.03
    assert np.all(np.diff(cal(np.linspace(0, 1, 101))) >= -1e-12)      # monotone
    assert c.min() >= 0.01 and c.max() <= 0.99                          # never certain


def test_round_trip_and_table():
    cal = IsotonicCalibrator.fit([0.1, 0.2, 0.8, 0.9] * 30, [0, 0, 1, 1] * 30, min_bin=5)
    again = IsotonicCalibrator.from_dict(cal.to_dict())
    assert np.allclose(cal([0.15, 0.85]), again([0.15, 0.85]))
    rows = reliability_table([0.1, 0.15, 0.9, 0.95], [0, 0, 1, 1])
    assert sum(r.count for r in rows) == 4
    assert rows[0].accuracy == 0.0 and rows[-1].accuracy == 1.0
