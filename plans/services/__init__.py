from .editing import (
    action_save,
    indicator_save,
    plan_create,
    plan_node_delete,
    plan_node_save,
    plan_update,
    steering_member_add,
    steering_member_remove,
)
from .lifecycle import plan_adopt, plan_revise, plan_send_to_consultation, plan_start_monitoring
from .monitoring import action_status_update, measurement_report, measurements_import

__all__ = [
    "action_save",
    "action_status_update",
    "indicator_save",
    "measurement_report",
    "measurements_import",
    "plan_adopt",
    "plan_create",
    "plan_node_delete",
    "plan_node_save",
    "plan_revise",
    "plan_send_to_consultation",
    "plan_start_monitoring",
    "plan_update",
    "steering_member_add",
    "steering_member_remove",
]
